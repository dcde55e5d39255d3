// Canned answers in the console: the server's list (GET /api/canned, managed by admins), the
// built-in ones until it answers. The ticket's language picks the text.
export { DEFAULT_CANNED as CANNED, cannedText, type Canned } from '../../wire/canned';
