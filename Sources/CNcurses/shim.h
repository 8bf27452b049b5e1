// The C surface `tl` needs from ncursesw, in forms Swift can import.
// Macros that Swift cannot see (attributes, getmaxyx, stdscr) get static inline getters.
#ifndef TL_CNCURSES_SHIM_H
#define TL_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <curses.h>
#include <term.h>

static inline WINDOW *tl_stdscr(void) { return stdscr; }
static inline int tl_lines(void) { return LINES; }
static inline int tl_cols(void) { return COLS; }
static inline void tl_getmaxyx(WINDOW *win, int *y, int *x) { int yy, xx; getmaxyx(win, yy, xx); *y = yy; *x = xx; }

static inline attr_t tl_a_normal(void) { return A_NORMAL; }
static inline attr_t tl_a_bold(void) { return A_BOLD; }
static inline attr_t tl_a_reverse(void) { return A_REVERSE; }
static inline attr_t tl_a_dim(void) { return A_DIM; }
static inline attr_t tl_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tl_a_standout(void) { return A_STANDOUT; }

static inline mmask_t tl_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t tl_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t tl_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t tl_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t tl_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t tl_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t tl_button5_pressed(void) { return BUTTON5_PRESSED; }

/// Checks a terminal type without letting ncurses abort the process: 1 when usable.
static inline int tl_term_usable(const char *term) {
    int err = 0;
    if (setupterm((char *)term, 1, &err) != OK) return 0;
    del_curterm(cur_term);
    return err == 1;
}
#endif
