/** The id of an account's heading on the products page, where its products and its last refresh's outcome are shown. */
export const productsAccountHeadingId = (accountId: string) => `account-${accountId}`;

/** A link to that account's products on the products page. */
export const productsOfAccountHref = (accountId: string) => `/cards/products#${productsAccountHeadingId(accountId)}`;
