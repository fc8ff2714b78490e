/**
 * MostQi's routes, relative to the credential's Base URL: each declared once, read by the
 * credential (token, its Test) and by the node that calls it.
 */
export const SIGN_IN_ROUTE = '/user/authenticate';
export const FACE_COMPARE_ROUTE = '/process-image/biometrics/face-compare';

/** Liveness (shared/mostqi/LIVENESS.md): a photo or video checked at once. */
export const LIVENESS_DETECT_ROUTE = '/liveness/detect';
/** Liveness: a hosted check, the page the person opens. */
export const LIVENESS_SESSION_ROUTE = '/liveness/streaming/async';
/** Liveness: the status and score of a hosted check. */
export const LIVENESS_STATUS_ROUTE = '/liveness/streaming/async/status';
