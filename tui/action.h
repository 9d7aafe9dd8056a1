/* action.h: every action of the TUI, in one table.
 *
 * The table makes the action enum, the names keymaps bind keys to, and the
 * help screen and --dump-keys text; nothing else lists actions. */
#ifndef PB_TUI_ACTION_H
#define PB_TUI_ACTION_H

/* X(ID, name, help) */
#define TUI_ACTIONS(X)                                                                   \
	X(NONE, "none", "Do nothing (a key bound to it is unbound)")                     \
	X(QUIT, "quit", "Quit patchbay")                                                 \
	X(CLOSE, "close", "Close this view and go back to the one below")               \
	X(HELP, "help", "Show the keys of this view and what they do")                  \
	X(REDRAW, "redraw", "Redraw the screen")                                         \
	X(REFRESH, "refresh", "Read new mail from the notmuch database")                 \
	X(NEXT, "next", "Move the cursor to the next line")                              \
	X(PREV, "prev", "Move the cursor to the previous line")                          \
	X(PAGE_DOWN, "page-down", "Move down a screen")                                  \
	X(PAGE_UP, "page-up", "Move up a screen")                                        \
	X(HALF_DOWN, "half-down", "Move down half a screen")                             \
	X(HALF_UP, "half-up", "Move up half a screen")                                   \
	X(FIRST, "first", "Go to the first line")                                        \
	X(LAST, "last", "Go to the last line")                                           \
	X(SCROLL_LEFT, "scroll-left", "Scroll long lines back to the left")              \
	X(SCROLL_RIGHT, "scroll-right", "Scroll long lines to the right, past the edge") \
	X(OPEN, "open", "Open the selected series, patch or reply (or expand it)")       \
	X(SEARCH, "search", "Search this view for text")                                 \
	X(SEARCH_NEXT, "search-next", "Go to the next match of the search")              \
	X(SEARCH_PREV, "search-prev", "Go to the previous match of the search")          \
	X(QUERY, "query", "Show only the series matching a notmuch query")               \
	X(SORT, "sort", "Sort by the next key: activity, date, title, author, state, queue")   \
	X(SORT_REVERSE, "sort-reverse", "Reverse the sort order")                       \
	X(HIDE_DONE, "hide-done", "Hide or show done series: applied, merged, or closed by hand")             \
	X(EXPAND, "expand", "Expand the selected item of the tree")                     \
	X(COLLAPSE, "collapse", "Collapse the selected item (or the one it is in)")     \
	X(TOGGLE, "toggle", "Expand or collapse the selected item")                     \
	X(EXPAND_ALL, "expand-all", "Expand every item of the tree")                    \
	X(COLLAPSE_ALL, "collapse-all", "Collapse every item of the tree")              \
	X(THREAD, "thread", "Show the review discussion of the selected patch")         \
	X(NEXT_FILE, "next-file", "Go to the next file of the diff")                    \
	X(PREV_FILE, "prev-file", "Go to the previous file of the diff")                \
	X(NEXT_HUNK, "next-hunk", "Go to the next hunk of the diff")                    \
	X(PREV_HUNK, "prev-hunk", "Go to the previous hunk of the diff")                \
	X(NEXT_PATCH, "next-patch", "Show the next patch of the series")                \
	X(PREV_PATCH, "prev-patch", "Show the previous patch of the series")            \
	X(NEXT_MESSAGE, "next-message", "Go to the next message of the thread")         \
	X(PREV_MESSAGE, "prev-message", "Go to the previous message of the thread")     \
	X(FOLD, "fold", "Fold or unfold the quote at the cursor")                       \
	X(FOLD_ALL, "fold-all", "Fold or unfold every long quote")                      \
	X(INTERDIFF, "interdiff", "Show what changed since the previous version") \
	X(INTERDIFF_VERSIONS, "interdiff-versions", "Show what changed between two versions you name") \
	X(NEXT_PAIR, "next-pair", "Go to the next patch of the interdiff")                \
	X(PREV_PAIR, "prev-pair", "Go to the previous patch of the interdiff")            \
	X(TREE_INTERDIFF, "tree-interdiff", "Switch to the interdiff of the trees and back") \
	X(CHECKS, "checks", "Run every check on the version; list the findings")      \
	X(REPLY, "reply", "Reply to the selected mail, in your editor")               \
	X(REPLY_ACK, "reply-ack", "Reply with Acked-by (on a cover: the series)")      \
	X(REPLY_REVIEW, "reply-review", "Reply with Reviewed-by (on a cover: the series)") \
	X(REPLY_TEST, "reply-test", "Reply with Tested-by (on a cover: the series)")   \
	X(SEND, "send", "Send the mail; the copy goes to the sent folder")            \
	X(EDIT, "edit", "Edit the mail in $VISUAL or $EDITOR")                         \
	X(SAVE_DRAFT, "save-draft", "Keep the mail as a draft and close it")          \
	X(CANCEL, "cancel", "Throw the mail away (asks first)")                        \
	X(APPLY, "apply", "Apply the series to a topic branch (asks which)")         \
	X(UNDO_APPLY, "undo-apply", "Put back the branch patchbay's last apply moved") \
	X(JOIN_SERIES, "join-series", "Mark this series; on a second one, make them one series") \
	X(SPLIT_VERSION, "split-version", "Make this version start a series of its own") \
	X(NOTIFY, "notify", "Write the \"applied\" mail to the author") \
	X(SET_STATE, "set-state", "Set the review state (of all marked series, if any)") \
	X(SEARCHES, "searches", "Show the saved searches with their counts; Enter shows one") \
	X(NEXT_UNREAD, "next-unread", "Go to the next series with mail not read yet") \
	X(SNOOZE, "snooze", "Snooze the series (or marked) until a day, git tag or new version") \
	X(SYNC, "sync", "Share the review states with the team (patchbay sync)") \
	X(MARK, "mark", "Mark a series (a patch in the tree); go on") \
	X(UNMARK_ALL, "unmark-all", "Unmark every marked series or patch") \
	X(RANGE, "range", "Start a range here; again (or Enter) marks it") \
	X(RANGE_CANCEL, "range-cancel", "Drop the range, marking nothing") \
	X(UNDO_STATE, "undo-state", "Undo the last review state change, bulk or not") \
	X(RAW_MESSAGE, "raw-message", "Show the mail as received, every header") \
	X(PIPE, "pipe", "Pipe the mail (or the patches) to a command") \
	X(SAVE, "save", "Save the mail (or the patches) to an mbox") \
	X(COPY_MSGID, "copy-msgid", "Copy the Message-ID (patchbay.copyCommand)") \
	X(COPY_LINK, "copy-link", "Copy the link to the mail (patchbay.linkmask)")

typedef enum {
#define TUI_X_ACTION_ENUM(id, name, help) TUI_ACT_##id,
	TUI_ACTIONS(TUI_X_ACTION_ENUM)
#undef TUI_X_ACTION_ENUM
	TUI_ACT_COUNT
} tui_action_t;

const char *tui_action_name(tui_action_t a);
const char *tui_action_help(tui_action_t a);

/* The action named NAME, or -1. */
int tui_action_parse(const char *name);

#endif
