// The customer's primitives, a leaf module: the sale's, the callbacks' and the call results' shapes all use them.

export const CUSTOMER_CATEGORIES = ['medical', 'household', 'military', 'distributor'] as const;
export type CustomerCategory = (typeof CUSTOMER_CATEGORIES)[number];

/** A person to call: the buyer, or the actual user (使用人) of the product. */
export interface ContactPerson {
  name: string;
  title?: string;
  phone: string;
  email?: string;
  specialNeeds?: string;
}
