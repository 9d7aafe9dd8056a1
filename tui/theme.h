/* theme.h: colour roles. Views draw with a role ("diff-add"), never with a
 * colour; the theme says what each role looks like. Defaults are below;
 * git config patchbay.color.<role> overrides them with git's colour syntax
 * ("green", "red bold", "black yellow", "214 ul", "normal reverse").
 * NO_COLOR and terminals without colour get the attributes only. */
#ifndef PB_TUI_THEME_H
#define PB_TUI_THEME_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/conf.h"
#include "tui/util.h"

/* Attributes of a cell. */
enum {
	TUI_A_BOLD = 1 << 0,
	TUI_A_UNDERLINE = 1 << 1,
	TUI_A_REVERSE = 1 << 2,
	TUI_A_DIM = 1 << 3,
	TUI_A_SELECTED = 1 << 4, /* the cursor line */
	TUI_A_MATCH = 1 << 5     /* a search match */
};

/* X(ID, name, fg, bg, attrs in colour, attrs without colour, what it is) */
#define TUI_ROLES(X)                                                                  \
	X(DEFAULT, "default", -1, -1, 0, 0, "normal text")                            \
	X(TITLE, "title", 7, 4, TUI_A_BOLD, TUI_A_REVERSE, "the title bar")           \
	X(STATUS, "status", 0, 6, 0, TUI_A_REVERSE, "the status line")                \
	X(MESSAGE, "message", -1, -1, 0, 0, "results on the message line")           \
	X(ERROR, "error", 1, -1, TUI_A_BOLD, TUI_A_BOLD, "errors")                    \
	X(PROMPT, "prompt", 3, -1, TUI_A_BOLD, TUI_A_BOLD, "the prompt line")         \
	X(CURSOR, "cursor", -1, -1, TUI_A_REVERSE, TUI_A_REVERSE, "the selected line") \
	X(SEARCH, "search", 0, 3, 0, TUI_A_UNDERLINE, "search matches")               \
	X(HEADER, "header", -1, -1, TUI_A_BOLD | TUI_A_UNDERLINE, TUI_A_UNDERLINE,     \
	  "column headers")                                                          \
	X(STATE_NEW, "state-new", 6, -1, TUI_A_BOLD, TUI_A_BOLD, "state: new")        \
	X(STATE_DISCUSSED, "state-discussed", -1, -1, 0, 0, "state: discussed")      \
	X(STATE_REVIEWED, "state-reviewed", 3, -1, 0, 0, "state: reviewed")           \
	X(STATE_ACKED, "state-acked", 2, -1, TUI_A_BOLD, TUI_A_BOLD, "state: acked")  \
	X(STATE_INCOMPLETE, "state-incomplete", 1, -1, 0, TUI_A_UNDERLINE,            \
	  "state: incomplete")                                                       \
	X(STATE_DONE, "state-done", 4, -1, TUI_A_DIM, TUI_A_DIM, "state: applied, merged") \
	X(STATE_PULL, "state-pull", 5, -1, 0, 0, "state: pull request")              \
	X(TAGS, "tags", 2, -1, 0, TUI_A_BOLD, "review tag counts above zero")         \
	X(DIM, "dim", -1, -1, TUI_A_DIM, TUI_A_DIM, "zero counts, ages, hints")       \
	X(AUTHOR, "author", -1, -1, 0, 0, "authors")                                  \
	X(TITLE_TEXT, "subject", -1, -1, 0, 0, "series titles and subjects")          \
	X(UNREAD, "unread", 6, -1, TUI_A_BOLD, TUI_A_BOLD, "messages not read yet (+N)")  \
	X(NEW_VERSION, "new-version", 3, -1, TUI_A_BOLD, TUI_A_BOLD | TUI_A_UNDERLINE,  \
	  "a newer version not read yet (+Nv)")                                     \
	X(MARKED, "marked", 3, -1, TUI_A_BOLD, TUI_A_BOLD | TUI_A_UNDERLINE,          \
	  "series marked for a bulk action")                                        \
	X(RANGE, "range", 0, 3, 0, TUI_A_BOLD | TUI_A_UNDERLINE,                      \
	  "the rows an open range will mark")                                       \
	X(CHECK_ERROR, "check-error", 1, -1, TUI_A_BOLD, TUI_A_BOLD | TUI_A_REVERSE,    \
	  "checks that failed with an error")                                        \
	X(CHECK_WARNING, "check-warning", 3, -1, 0, TUI_A_BOLD, "checks with warnings") \
	X(CHECK_NOTE, "check-note", 6, -1, 0, 0, "checks with notes")                 \
	X(WAITS_AUTHOR, "waits-author", 5, -1, 0, 0, "waiting on the author")        \
	X(WAITS_REVIEW, "waits-review", 3, -1, 0, 0, "waiting on reviewers")         \
	X(WAITS_MAINT, "waits-maint", 2, -1, TUI_A_BOLD, TUI_A_BOLD,                  \
	  "waiting on the maintainer")                                               \
	X(TREE_SERIES, "tree-series", -1, -1, TUI_A_BOLD, TUI_A_BOLD, "tree: the series") \
	X(TREE_VERSION, "tree-version", 3, -1, TUI_A_BOLD, TUI_A_BOLD, "tree: versions") \
	X(TREE_REPLY, "tree-reply", 6, -1, 0, 0, "tree: replies")                     \
	X(MISSING, "missing", 1, -1, TUI_A_BOLD, TUI_A_BOLD, "patches not received")  \
	X(MAIL_HEADER, "mail-header", 4, -1, TUI_A_BOLD, TUI_A_BOLD, "mail header names") \
	X(TRAILER, "trailer", 2, -1, 0, TUI_A_BOLD, "trailers (Acked-by: ...)")       \
	X(NOTES, "notes", -1, -1, 0, 0, "notes below ---")                            \
	X(DIFFSTAT, "diffstat", 6, -1, 0, 0, "diffstat")                              \
	X(DIFF_META, "diff-meta", -1, -1, TUI_A_BOLD, TUI_A_BOLD, "diff --git, index lines") \
	X(DIFF_FILE, "diff-file", -1, -1, TUI_A_BOLD, TUI_A_BOLD, "--- and +++ lines") \
	X(DIFF_HUNK, "diff-hunk", 6, -1, 0, TUI_A_UNDERLINE, "@@ hunk headers")       \
	X(DIFF_ADD, "diff-add", 2, -1, 0, TUI_A_BOLD, "added lines")                  \
	X(DIFF_DEL, "diff-del", 1, -1, 0, TUI_A_DIM, "removed lines")                 \
	X(DIFF_CONTEXT, "diff-context", -1, -1, 0, 0, "context lines")                \
	X(DIFF_WS, "diff-ws", -1, 1, 0, TUI_A_REVERSE, "whitespace errors")           \
	X(IDIFF_SAME, "idiff-unchanged", -1, -1, TUI_A_DIM, TUI_A_DIM, "interdiff: unchanged patches") \
	X(IDIFF_CHANGED, "idiff-changed", 3, -1, TUI_A_BOLD, TUI_A_BOLD, "interdiff: changed patches") \
	X(IDIFF_ADDED, "idiff-added", 2, -1, TUI_A_BOLD, TUI_A_BOLD | TUI_A_UNDERLINE,  \
	  "interdiff: patches only in the newer version")                            \
	X(IDIFF_DROPPED, "idiff-dropped", 1, -1, TUI_A_BOLD, TUI_A_BOLD | TUI_A_UNDERLINE, \
	  "interdiff: patches only in the older version")                            \
	X(IDIFF_HEADER, "idiff-header", 6, -1, TUI_A_BOLD, TUI_A_UNDERLINE,             \
	  "interdiff: the @@ part of a patch a change is in")                        \
	X(IDIFF_OLD, "idiff-old", 7, 1, TUI_A_BOLD, TUI_A_REVERSE,                      \
	  "interdiff: the - of a line only the older version has")                  \
	X(IDIFF_NEW, "idiff-new", 0, 2, TUI_A_BOLD, TUI_A_REVERSE | TUI_A_BOLD,        \
	  "interdiff: the + of a line only the newer version has")                  \
	X(IDIFF_OLD_TEXT, "idiff-old-text", 1, -1, 0, TUI_A_DIM,                       \
	  "interdiff: message text only the older version has")                     \
	X(IDIFF_NEW_TEXT, "idiff-new-text", 2, -1, TUI_A_BOLD, TUI_A_BOLD,              \
	  "interdiff: message text only the newer version has")                     \
	X(IDIFF_CONTEXT, "idiff-context", -1, -1, TUI_A_DIM, TUI_A_DIM,                 \
	  "interdiff: lines both versions have")                                     \
	X(QUOTE1, "quote1", 6, -1, 0, 0, "quotes, first level")                       \
	X(QUOTE2, "quote2", 3, -1, 0, TUI_A_DIM, "quotes, second level")              \
	X(QUOTE3, "quote3", 5, -1, 0, TUI_A_DIM, "quotes, third level and deeper")    \
	X(ATTRIBUTION, "attribution", -1, -1, TUI_A_DIM, TUI_A_DIM, "\"X wrote:\" lines") \
	X(SIGNATURE, "signature", -1, -1, TUI_A_DIM, TUI_A_DIM, "signatures")         \
	X(FOLD, "fold", 5, -1, TUI_A_BOLD, TUI_A_BOLD, "folded quotes")               \
	X(THREAD_HEADER, "thread-header", 3, -1, TUI_A_BOLD, TUI_A_BOLD | TUI_A_UNDERLINE, \
	  "the header of each message of a thread")                                  \
	X(RESULT_OK, "result-ok", 2, -1, TUI_A_BOLD, TUI_A_BOLD, "an action that succeeded") \
	X(COMMIT, "commit", 3, -1, 0, 0, "commit ids")                                  \
	X(HELP_KEY, "help-key", 2, -1, TUI_A_BOLD, TUI_A_BOLD, "help: keys")          \
	X(HELP_SECTION, "help-section", 3, -1, TUI_A_BOLD | TUI_A_UNDERLINE,          \
	  TUI_A_UNDERLINE, "help: section titles")

typedef enum {
#define TUI_X_ROLE_ENUM(id, name, fg, bg, attr, mono, desc) TUI_ROLE_##id,
	TUI_ROLES(TUI_X_ROLE_ENUM)
#undef TUI_X_ROLE_ENUM
	TUI_ROLE_COUNT
} tui_role_t;

typedef struct tui_style {
	short fg, bg;   /* -1: the terminal's default; 0-255 */
	unsigned attr;  /* TUI_A_* */
} tui_style_t;

typedef struct tui_theme {
	bool color;     /* false: NO_COLOR or a monochrome terminal */
	tui_style_t style[TUI_ROLE_COUNT];
} tui_theme_t;

const char *tui_role_name(tui_role_t role);
const char *tui_role_desc(tui_role_t role);

/* The defaults, in colour or not. */
void tui_theme_init(tui_theme_t *t, bool color);

/* Parse git's colour syntax into S (starting from S as it is). Returns
 * false and leaves S unchanged on a bad word. */
bool tui_theme_parse(tui_style_t *s, const char *spec);

/* Apply patchbay.color.<role> from CONF; a bad value adds
 * "patchbay.color.<role>: ..." to ERRS (may be NULL). */
void tui_theme_load(tui_theme_t *t, pb_conf_t *conf, tui_errors_t *errs);

/* Does the environment ask for no colour (NO_COLOR set and not empty)? */
bool tui_theme_no_color(void);

#endif
