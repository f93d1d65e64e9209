/**
 * The pages of `nslab serve`, as the server (src/serve/) uses them: the course page, the lesson
 * page, and where their built scripts and styles are (served at `/assets/`).
 */
export type { CourseEntry } from './course-page.js';
export { renderCoursePage } from './course-page.js';
export { renderLessonPage } from './lesson-page.js';

/**
 * The lesson page's scripts and styles (`lesson.js`, `lesson.css`, `xterm.css`), relative to
 * the package root: scripts/bundle-cli.mjs builds them there from src/view/web/browser/, and
 * the server serves this directory at `/assets/`.
 */
export const ASSETS_DIR = 'dist/web';
