import { registerDecorator, type ValidationArguments } from 'class-validator';

/** Dates and instants the API takes lie in these years: the company-time arithmetic (calendar, deadlines, warranty) covers them with room to spare. */
export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 2999;

const yearOf = (value: unknown): number | null => (typeof value === 'string' && /^\d{4}-/.test(value) ? Number(value.slice(0, 4)) : null);

/** A date (YYYY-MM-DD) or instant (YYYY-MM-DDThh:mm…) whose year lies in EARLIEST_YEAR..LATEST_YEAR; other shapes are the format validators' to refuse. */
export function IsInSupportedYears(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInSupportedYears',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => {
          const year = yearOf(value);
          return year === null || (year >= EARLIEST_YEAR && year <= LATEST_YEAR);
        },
        defaultMessage: (args: ValidationArguments) => `${args.property} must lie in the years ${EARLIEST_YEAR} to ${LATEST_YEAR}`,
      },
    });
}
