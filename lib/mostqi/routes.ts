/** MostQi's routes, relative to the credential's base URL. */
export const SIGN_IN_ROUTE = '/user/authenticate';
export const FACE_COMPARE_ROUTE = '/process-image/biometrics/face-compare';
