/** Ids coming from the sales system: safe in workflow ids, URLs and search attributes. */
export const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const EXTERNAL_ID_MESSAGE = '$property must be 1–64 letters, digits, dot, dash or underscore, starting with a letter or digit';
