/** Error codes the edges map to HTTP statuses, CLI exit lines and pages. */
export type ErrorCode =
  | "INVALID_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "CONFLICT"
  | "INVALID_STATE"
  | "RATE_LIMITED"
  | "LIMIT_REACHED"
  | "FEATURE_DISABLED"
  | "MAIL_NOT_CONFIGURED"
  | "MAIL_FAILED"
  | "CSRF"
  | "UNAVAILABLE"
  | "INTERNAL";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** A validation error that names the field it is about. */
export function invalid(field: string, message: string): AppError {
  return new AppError("INVALID_INPUT", message, { field });
}

export const httpStatusOf: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  CSRF: 403,
  UNAUTHENTICATED: 401,
  LIMIT_REACHED: 402,
  FORBIDDEN: 403,
  FEATURE_DISABLED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  INVALID_STATE: 422,
  RATE_LIMITED: 429,
  MAIL_NOT_CONFIGURED: 503,
  MAIL_FAILED: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};
