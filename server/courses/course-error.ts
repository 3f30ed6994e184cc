/**
 * A course operation refused, with a message written for the trainer and, for publishing, every problem found.
 * Example: `new CourseError('invalid', 'Cannot publish "Malaria": 2 problem(s). lessons[0].text.fra: is empty', problems)`.
 */
import type { CourseProblem } from './course-check.js';

export type CourseErrorCode = 'not_found' | 'invalid' | 'conflict';

export class CourseError extends Error {
  constructor(
    readonly code: CourseErrorCode,
    message: string,
    readonly problems: CourseProblem[] = [],
  ) {
    super(message);
    this.name = 'CourseError';
  }
}
