import { GraphQLError } from 'graphql';

/** Thrown only for what is not the user's input: authentication and authorization (STYLE). */
export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'Authentication required') {
    super(message, { extensions: { code: 'UNAUTHENTICATED' } });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(message = 'Not allowed for this actor') {
    super(message, { extensions: { code: 'FORBIDDEN' } });
  }
}

export class NotFoundError extends GraphQLError {
  /** `what`: "Citizen" ("Citizen not found"), or with `field` the whole message, naming the argument. */
  constructor(what: string, field?: string) {
    super(field ? what : `${what} not found`, { extensions: { code: 'NOT_FOUND', ...(field ? { field } : {}) } });
  }
}

export class BadInputError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
  }
}
