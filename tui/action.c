/* action.c: names and help of the actions, from the one table. */
#include <string.h>

#include "tui/action.h"

static const struct {
	const char *name, *help;
} actions[] = {
#define TUI_X_ACTION_ROW(id, name, help) {name, help},
	TUI_ACTIONS(TUI_X_ACTION_ROW)
#undef TUI_X_ACTION_ROW
};

const char *tui_action_name(tui_action_t a)
{
	return (unsigned)a < TUI_ACT_COUNT ? actions[a].name : "?";
}

const char *tui_action_help(tui_action_t a)
{
	return (unsigned)a < TUI_ACT_COUNT ? actions[a].help : "?";
}

int tui_action_parse(const char *name)
{
	for (int i = 0; i < TUI_ACT_COUNT; i++)
		if (strcmp(actions[i].name, name) == 0)
			return i;
	return -1;
}
