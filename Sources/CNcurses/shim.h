// The C surface `tl` needs from ncursesw, in forms Swift can import.
// Macros that Swift cannot see (attributes, getmaxyx, stdscr) get static inline getters.
#ifndef TL_CNCURSES_SHIM_H
#define TL_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <poll.h>
#include <langinfo.h>
#include <wchar.h>
#include <curses.h>
#include <term.h>
#include <spawn.h>
#include <sys/wait.h>
#include <errno.h>

static inline WINDOW *tl_stdscr(void) { return stdscr; }
static inline WINDOW *tl_curscr(void) { return curscr; }
static inline SCREEN *tl_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline int tl_lines(void) { return LINES; }
static inline int tl_cols(void) { return COLS; }
static inline int tl_colors(void) { return COLORS; }
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

/// Checks a terminal type without letting ncurses abort the process: 0 when usable,
/// 1 when terminfo does not know it, 2 when it cannot address the cursor (e.g. TERM=dumb).
static inline int tl_term_problem(const char *term) {
    int err = 0;
    if (setupterm((char *)term, 1, &err) != OK) return 1;
    char *cup = tigetstr("cup");
    int ok = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    cur_term = NULL;
    return ok ? 0 : 2;
}

// SIGINT, SIGTERM and SIGHUP only set a flag: the main loop sees it (the blocking read returns
// early, since SA_RESTART is not set), restores the terminal and exits.
static volatile sig_atomic_t tl_caught_signal = 0;
static void tl_on_signal(int sig) { tl_caught_signal = sig; }

static inline void tl_install_signal_handlers(void) {
    // A signal mask survives exec: a parent that blocked these would leave tl deaf to Ctrl-C,
    // Ctrl-Z and window resizes.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    sigaddset(&wanted, SIGTSTP);
    sigaddset(&wanted, SIGCONT);
    sigaddset(&wanted, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = tl_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static inline void tl_put_signal(int sig) { if (sig != 0) tl_caught_signal = sig; }

static inline int tl_take_signal(void) {
    int sig = tl_caught_signal;
    tl_caught_signal = 0;
    return sig;
}

// A crash (a Swift runtime trap is SIGILL or SIGTRAP) still gives the terminal back before the
// process dies with the same signal.
static void tl_on_fatal(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void tl_install_fatal_handlers(void) {
    signal(SIGSEGV, tl_on_fatal);
    signal(SIGILL, tl_on_fatal);
    signal(SIGTRAP, tl_on_fatal);
    signal(SIGABRT, tl_on_fatal);
    signal(SIGBUS, tl_on_fatal);
    signal(SIGFPE, tl_on_fatal);
}

/// 1 when the terminal on standard input has gone (the window closed, ssh dropped): reads then
/// fail at once for ever, and a program that only retries would spin.
static inline int tl_input_hung_up(void) {
    struct pollfd fd = { .fd = 0, .events = POLLIN, .revents = 0 };
    if (poll(&fd, 1, 0) < 0) return 0;
    return (fd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/// Runs argv[0] (a full path) with argv and the environment, in tl's process group so that it
/// has the terminal, and waits for it; its exit status as waitpid gives it, or -1.
static inline int tl_run_and_wait(char *const argv[]) {
    extern char **environ;
    pid_t pid;
    if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0) return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0) { if (errno != EINTR) return -1; }
    return status;
}

/// The width the C library, and so ncurses, gives a character.
static inline int tl_wcwidth(wchar_t c) { return wcwidth(c); }

/* Teaches ncurses a key's escape sequence when the terminal's description lacks it (vt100 has no
   PgDn, Home or End, yet tmux and most emulators send the xterm sequences for them). */
static inline void tl_define_key_if_missing(const char *sequence, int code) {
    if (key_defined(sequence) == 0) define_key(sequence, code);
}

static inline int tl_codeset_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}
#endif
