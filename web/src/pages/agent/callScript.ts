// The call script (回访话术) as the page walks it: the steps of the script data (GET /call-scripts/{kind}) with their
// placeholders filled from what the page shows; none of them is a customer's name or phone.

/** `{productModel}` and the like, from the values the page has; an unknown placeholder stays as written. */
export function fillPlaceholders(text: string, values: Record<string, string | undefined>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Where the agent is in the call; each branch of the script leads to its outcome. */
export type CallStep =
  | 'opening'
  | 'identity'
  | 'wrongPerson'
  | 'convenience'
  | 'busy'
  | 'questions'
  | 'refused'
  | 'done';
