/* tui.h: what the command line needs of the TUI. */
#ifndef PB_TUI_H
#define PB_TUI_H

#include "patchbay/conf.h"

/* `patchbay --dump-keys` (keymap.c). */
int tui_dump_keys(pb_conf_t *conf);

#endif
