/** The longest purpose a request keeps: the form counts towards it and the server refuses beyond it. */
export const PURPOSE_MAX_LENGTH = 500;
