/** Lower-case names of the CORS headers corsgate reads and writes. */
export const ALLOW_ORIGIN = "access-control-allow-origin";
export const ALLOW_CREDENTIALS = "access-control-allow-credentials";
export const ALLOW_METHODS = "access-control-allow-methods";
export const ALLOW_HEADERS = "access-control-allow-headers";
export const EXPOSE_HEADERS = "access-control-expose-headers";
export const MAX_AGE = "access-control-max-age";
export const ALLOW_PRIVATE_NETWORK = "access-control-allow-private-network";

export const ORIGIN = "origin";
export const REQUEST_METHOD = "access-control-request-method";
export const REQUEST_HEADERS = "access-control-request-headers";
export const REQUEST_PRIVATE_NETWORK = "access-control-request-private-network";
