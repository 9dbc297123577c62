// Bench only, never in the product bundle: the cheapest workflow there is, to measure the engine's start ceiling.
export async function BenchEmpty(): Promise<void> {}
