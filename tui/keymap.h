/* keymap.h: keys bound to actions, per view, read from keymap files.
 *
 * A keymap file has one statement a line:
 *     bind <view> <key> <action>
 *     unbind <view> <key>
 *     # a comment
 * Views: generic, list, tree, patch, thread, help, interdiff, checks,
 * compose, apply. A key is one character
 * ("j", "/", "G"), a control key ("C-d" or "^D"), or a name in angle
 * brackets: <Enter> <Space> <Tab> <Esc> <Backspace> <Up> <Down> <Left>
 * <Right> <PageUp> <PageDown> <Home> <End> <Insert> <Delete> <BackTab>
 * <F1>..<F12> <lt> (for "<"). Lookup tries the view's map, then generic;
 * "unbind" in a view hides the generic binding of that key there.
 *
 * The shipped keymaps (keymaps/mutt.keymap, the default, and
 * keymaps/vi.keymap) are compiled in; git config patchbay.keymap picks
 * one, and $XDG_CONFIG_HOME/patchbay/keymap is read over it. A bad line
 * is reported as "file:line: reason" and the rest still loads. */
#ifndef PB_TUI_KEYMAP_H
#define PB_TUI_KEYMAP_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/conf.h"
#include "tui/action.h"
#include "tui/util.h"

/* X(ID, name, what) */
#define TUI_KEYMAP_VIEWS(X)                                                 \
	X(GENERIC, "generic", "every view, unless its own map binds the key") \
	X(LIST, "list", "the series list")                                   \
	X(TREE, "tree", "the series tree")                                   \
	X(PATCH, "patch", "the patch view")                                  \
	X(THREAD, "thread", "the thread view")                               \
	X(HELP, "help", "the help screen")                                   \
	X(INTERDIFF, "interdiff", "the interdiff view")                      \
	X(CHECKS, "checks", "the checks view")                               \
	X(SEARCHES, "searches", "the saved searches")                        \
	X(COMPOSE, "compose", "the compose view")                            \
	X(APPLY, "apply", "the apply view")                                  \
	X(RAW, "raw", "the raw message view")

typedef enum {
#define TUI_X_KM_ENUM(id, name, what) TUI_KM_##id,
	TUI_KEYMAP_VIEWS(TUI_X_KM_ENUM)
#undef TUI_X_KM_ENUM
	TUI_KM_COUNT
} tui_km_view_t;

/* Keys: a Unicode code point, a control character (C-a is 1), or one of
 * these. Enter, Esc and Backspace always arrive as TUI_KEY_*. */
enum {
	TUI_KEY_SPECIAL = 0x200000,
	TUI_KEY_ENTER = TUI_KEY_SPECIAL,
	TUI_KEY_ESC,
	TUI_KEY_BACKSPACE,
	TUI_KEY_UP,
	TUI_KEY_DOWN,
	TUI_KEY_LEFT,
	TUI_KEY_RIGHT,
	TUI_KEY_PAGEUP,
	TUI_KEY_PAGEDOWN,
	TUI_KEY_HOME,
	TUI_KEY_END,
	TUI_KEY_INSERT,
	TUI_KEY_DELETE,
	TUI_KEY_BACKTAB,
	TUI_KEY_F1,
	TUI_KEY_F12 = TUI_KEY_F1 + 11,
	TUI_KEY_RESIZE, /* the terminal changed size; never bound */
	TUI_KEY_LAST
};

typedef struct tui_keymap tui_keymap_t;

const char *tui_km_view_name(tui_km_view_t v);

/* What the section is for ("the series list"). */
const char *tui_km_view_what(tui_km_view_t v);

/* Parse a key as written in a keymap; -1 when it is not a key. */
int tui_key_parse(const char *s);

/* A key as a keymap writes it. */
char *tui_key_name(TALLOC_CTX *mem_ctx, int key);

/* An empty keymap. */
int tui_keymap_new(TALLOC_CTX *mem_ctx, tui_keymap_t **out);

/* Read keymap TEXT; LABEL names it in messages ("file:line: reason"). */
void tui_keymap_load(tui_keymap_t *km, const char *label, const char *text, tui_errors_t *errs);

/* Read a shipped keymap by name ("mutt", "vi"). False when there is none. */
bool tui_keymap_load_builtin(tui_keymap_t *km, const char *name, tui_errors_t *errs);

/* Read the file at PATH; a missing file is not an error. */
void tui_keymap_load_file(tui_keymap_t *km, const char *path, tui_errors_t *errs);

/* The keymap in effect: the shipped one git config patchbay.keymap names
 * (default mutt), then the user's file. */
int tui_keymap_setup(TALLOC_CTX *mem_ctx, tui_keymap_t **out, pb_conf_t *conf, tui_errors_t *errs);

/* Path of the user's keymap file ($XDG_CONFIG_HOME/patchbay/keymap). */
char *tui_keymap_user_path(TALLOC_CTX *mem_ctx);

/* The action KEY does in VIEW (TUI_ACT_NONE when nothing). */
tui_action_t tui_keymap_lookup(const tui_keymap_t *km, tui_km_view_t view, int key);

/* The keys of VIEW's own map bound to A, comma separated ("" if none). */
char *tui_keymap_keys(TALLOC_CTX *mem_ctx, const tui_keymap_t *km, tui_km_view_t view, tui_action_t a);

/* Every binding in effect, as keymap statements. */
char *tui_keymap_dump(TALLOC_CTX *mem_ctx, const tui_keymap_t *km);

/* `patchbay --dump-keys`: print the bindings in effect to stdout and any
 * bad line of the keymaps to stderr. Returns the exit status. */
int tui_dump_keys(pb_conf_t *conf);

#endif
