/** Refresher courses: the list at #/courses, one course's forms, preview and progress at #/courses/:id. */
import { matchRoute } from '../routing/hash-router.js';
import { CourseEditor } from '../courses/course-editor.js';
import { CourseList } from '../courses/course-list.js';

export function CoursesPage({ path }: { path: string }) {
  const match = matchRoute('/courses/:id', path);
  if (match) return <CourseEditor key={match.id} courseId={match.id} />;
  return <CourseList />;
}
