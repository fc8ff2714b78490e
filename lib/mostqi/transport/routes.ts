/**
 * MostQi's routes, relative to the credential's Base URL: each declared once, read by the
 * credential (token, its Test) and by the node that calls it.
 */
export const SIGN_IN_ROUTE = '/user/authenticate';
export const FACE_COMPARE_ROUTE = '/process-image/biometrics/face-compare';
