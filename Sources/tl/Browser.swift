import CNcurses
import Foundation
import TimelineModel
import TimelineUI

#if canImport(Glibc)
import Glibc
#endif

/// The terminal driver: the only code that talks to ncurses. It turns ncurses input into
/// `Input`, feeds the reducer, and copies each rendered `ScreenBuffer` to the screen.
enum Browser {
    static func run(dataPath: String?, event: String?, person: String?, mouse: Bool) throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            writeError("tl: the browser needs a terminal, but standard \(isatty(0) == 1 ? "output" : "input") is not one; for plain output use `tl events` (see tl --help)")
            throw Status.usage
        }
        guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else {
            writeError("tl: TERM is not set, so tl cannot drive this terminal; set it (e.g. TERM=xterm-256color) or use `tl events`")
            throw Status.usage
        }
        switch tl_term_problem(term) {
        case 1:
            writeError("tl: unknown terminal type \"\(TerminalText.sanitize(term))\" (from TERM); set TERM to one terminfo knows, e.g. xterm-256color, or use `tl events`")
            throw Status.usage
        case 2:
            writeError("tl: the terminal type \"\(TerminalText.sanitize(term))\" cannot move the cursor, so the browser cannot run; use `tl events`")
            throw Status.usage
        default: break
        }
        guard setUTF8Locale() else {
            writeError("tl: no UTF-8 locale is available (tried the environment's and C.UTF-8); the browser needs one")
            throw Status.usage
        }

        let files = dataPath.map(TimelineFiles.disk) ?? .bundled
        let terminal = Terminal(mouse: mouse)
        // Opening on an event or a person needs the whole timeline to find it in: no preview then.
        let watch = LoadWatch(files, previews: event == nil && person == nil)
        var state: AppState
        switch terminal.waitForTimeline(watch, name: files.displayPath(files.mainFile)) {
        case .ended(let status):
            terminal.close()
            exit(status)
        case .loaded(.failure(let error)):
            terminal.close()
            reportLoadError(error, dataPath: dataPath)
            throw Status.dataError
        case .preview(let timeline):
            state = AppState(timeline: timeline, size: terminal.size, mouse: mouse)
            state.loading = watch.progress
        case .loaded(.success(let timeline)):
            var opening = Opening.timeline
            do {
                if let event {
                    opening = .event(try choose(timeline.findEvent(event), kind: "event", query: event, listCommand: "events") { "\(timeline.events[$0].id)  \(timeline.events[$0].title)" })
                }
                if let person {
                    opening = .person(try choose(timeline.findPerson(person), kind: "person", query: person, listCommand: "people") { "\(timeline.people[$0].id)  \(timeline.people[$0].name)" })
                }
            } catch {
                terminal.close()
                throw error
            }
            state = AppState(timeline: timeline, size: terminal.size, mouse: mouse)
            state.open(opening)
        }
        let end = terminal.loop(&state, loading: state.loading == nil ? nil : watch)
        terminal.close()
        switch end {
        case .quit: return
        case .signal(let status): exit(status)
        case .problems(let error):
            writeError("tl: while loading, the timeline turned out to have problems; the browser closed")
            reportLoadError(error, dataPath: dataPath)
            throw Status.dataError
        }
    }

    /// ncursesw blanks every non-ASCII character unless the locale is UTF-8.
    static func setUTF8Locale() -> Bool {
        setlocale(LC_ALL, "")
        if tl_codeset_is_utf8() != 0 { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_ALL, name) != nil {
            if tl_codeset_is_utf8() != 0 { return true }
        }
        return false
    }
}

/// A load on a thread of its own, and what it shares with the screen: how far it has got,
/// the newest preview not yet shown, and the outcome.
final class LoadWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var latestProgress: LoadProgress?
    private var waitingPreview: Timeline?
    private var outcome: Result<Timeline, TimelineLoadError>?
    /// Signalled when there is a preview or an outcome, so that the screen shows it at once.
    private let news = DispatchSemaphore(value: 0)

    /// Starts loading. The thread also keeps the load's short-lived allocations out of the main
    /// heap arena, which the per-key path then finds clean.
    init(_ files: TimelineFiles, previews: Bool) {
        Thread.detachNewThread { self.run(files, previews: previews) }
    }

    private func run(_ files: TimelineFiles, previews: Bool) {
        var preview: (@Sendable (Timeline) -> Void)?
        if previews { preview = { @Sendable timeline in self.offer(timeline) } }
        let result = loadForTheProcess(files, progress: { @Sendable progress in self.update(progress) }, preview: preview)
        lock.withLock { outcome = result }
        news.signal()
    }

    private func update(_ progress: LoadProgress) { lock.withLock { latestProgress = progress } }

    private func offer(_ preview: Timeline) {
        lock.withLock { waitingPreview = preview }
        news.signal()
    }

    /// Waits up to `milliseconds` for a preview or the outcome.
    func waitForNews(milliseconds: Int) { _ = news.wait(timeout: .now() + .milliseconds(milliseconds)) }

    var progress: LoadProgress? { lock.withLock { latestProgress } }
    var result: Result<Timeline, TimelineLoadError>? { lock.withLock { outcome } }

    /// The newest preview, once: the watch lets go of it.
    func takePreview() -> Timeline? {
        lock.withLock {
            defer { waitingPreview = nil }
            return waitingPreview
        }
    }
}

enum LoadOutcome {
    case loaded(Result<Timeline, TimelineLoadError>)
    /// The events read so far: enough to start browsing while the rest loads.
    case preview(Timeline)
    /// The user quit, or a signal arrived, before there was anything to show: the exit status.
    case ended(Int32)
}

enum LoopEnd {
    case quit
    /// 128 + the signal.
    case signal(Int32)
    /// The timeline being browsed as a preview failed its load.
    case problems(TimelineLoadError)
}

/// ncurses, set up and torn down in one place.
final class Terminal {
    private var previous: ScreenBuffer?
    private var attributes: [Style: (attr: attr_t, pair: Int16)] = [:]
    /// With TL_BENCHMARK_LOG=FILE, when the loading screen, the first frame and the whole
    /// timeline are on screen, and how long each key took from being read to its frame being on
    /// screen (scripts/benchmark reads it).
    private let benchmarkLog: UnsafeMutablePointer<FILE>? = getenv("TL_BENCHMARK_LOG").flatMap { fopen($0, "w") }

    init(mouse: Bool) {
        _ = tl_newterm()
        tl_install_fatal_handlers()
        tl_install_signal_handlers()
        cbreak()
        noecho()
        nonl()
        intrflush(tl_stdscr(), false)
        keypad(tl_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        // Wake up now and then, so a signal that arrives between reads is still seen promptly.
        wtimeout(tl_stdscr(), 250)
        if mouse {
            mousemask(tl_all_mouse_events(), nil)
            mouseinterval(0)
        }
        attributes = Terminal.theme()
    }

    var size: Size {
        var height: Int32 = 0, width: Int32 = 0
        tl_getmaxyx(tl_stdscr(), &height, &width)
        return Size(width: Int(width), height: Int(height))
    }

    func close() {
        endwin()
        if let benchmarkLog { fclose(benchmarkLog) }
    }

    static func nanoseconds(_ clock: clockid_t) -> Int {
        var time = timespec()
        clock_gettime(clock, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }

    func log(_ line: String) {
        guard let benchmarkLog else { return }
        fputs(line + "\n", benchmarkLog)
        fflush(benchmarkLog)
    }

    /// Waits for the timeline, or a first preview of it, with the screen live: after a moment
    /// it shows a bar with counts, and `q`, Ctrl-C and the other signals still work.
    func waitForTimeline(_ watch: LoadWatch, name: String) -> LoadOutcome {
        let started = Terminal.nanoseconds(CLOCK_MONOTONIC)
        var shown: LoadingScreen?
        // Keys are read without waiting: the wait is for the load, which wakes it at once.
        wtimeout(tl_stdscr(), 0)
        defer { wtimeout(tl_stdscr(), 250) }
        while true {
            watch.waitForNews(milliseconds: 40)
            if let result = watch.result { return .loaded(result) }
            if let preview = watch.takePreview() { return .preview(preview) }
            let signal = tl_take_signal()
            if signal != 0 { return .ended(128 + signal) }
            var character: wint_t = 0
            var result = wget_wch(tl_stdscr(), &character)
            if result == ERR, tl_input_hung_up() != 0 { return .ended(128 + SIGHUP) }
            while result != ERR {
                if let input = translate(result, character) {
                    if LoadingScreen.quits(input) { return .ended(0) }
                    if case .key(.control("l")) = input { previous = nil; clearok(tl_curscr(), true) }
                }
                result = wget_wch(tl_stdscr(), &character)
            }
            // A quick load never shows the screen; a slow one shows it after a fifth of a second.
            guard Terminal.nanoseconds(CLOCK_MONOTONIC) - started > 200_000_000 else { continue }
            let screen = LoadingScreen(name: name, progress: watch.progress, size: size)
            if screen.progress != shown?.progress || screen.size != shown?.size || previous == nil {
                draw(screen.render())
                if shown == nil { log("loading-frame \(Terminal.nanoseconds(CLOCK_REALTIME))") }
                shown = screen
            }
        }
    }

    /// Runs until the user quits or a signal arrives. While `loading` goes on, the state is a
    /// preview, which newer previews and then the finished timeline replace.
    func loop(_ state: inout AppState, loading: LoadWatch?) -> LoopEnd {
        var loading = loading
        draw(state.render())
        log("first-frame \(Terminal.nanoseconds(CLOCK_REALTIME))")
        if loading == nil { log("loaded \(Terminal.nanoseconds(CLOCK_REALTIME))") }
        // Wake up often while loading, to show its progress; now and then otherwise, so that a
        // signal arriving between reads is still seen promptly.
        wtimeout(tl_stdscr(), loading == nil ? 250 : 100)
        while !state.quit {
            let signal = tl_take_signal()
            if signal != 0 { return .signal(128 + signal) }
            if let watch = loading {
                switch watch.result {
                case .failure(let error)?:
                    return .problems(error)
                case .success(let timeline)?:
                    state = state.replacingTimeline(timeline, loading: nil)
                    loading = nil
                    wtimeout(tl_stdscr(), 250)
                    draw(state.render())
                    log("loaded \(Terminal.nanoseconds(CLOCK_REALTIME))")
                case nil:
                    if let preview = watch.takePreview() {
                        state = state.replacingTimeline(preview, loading: watch.progress)
                        draw(state.render())
                    } else if watch.progress != state.loading {
                        state.loading = watch.progress
                        draw(state.render())
                    }
                }
            }
            var character: wint_t = 0
            let result = wget_wch(tl_stdscr(), &character)
            if result == ERR {
                // A timeout, a signal, or a terminal that is gone (then leave as on SIGHUP).
                if tl_input_hung_up() != 0 { return .signal(128 + SIGHUP) }
                continue
            }
            guard let input = translate(result, character) else { continue }
            let started = Terminal.nanoseconds(CLOCK_MONOTONIC)
            state.handle(input)
            if state.redrawRequested {
                state.redrawRequested = false
                previous = nil
                clearok(tl_curscr(), true)
            }
            draw(state.render())
            if case .key(let key) = input { log("key \(key.label) \(Terminal.nanoseconds(CLOCK_MONOTONIC) - started)") }
        }
        return .quit
    }

    func translate(_ result: Int32, _ code: wint_t) -> Input? {
        if result == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_RESIZE:
                previous = nil
                return .resize(size)
            case KEY_MOUSE:
                var event = MEVENT()
                guard getmouse(&event) == OK else { return nil }
                let state = event.bstate
                if state & (tl_button1_pressed() | tl_button1_clicked() | tl_button1_double_clicked()) != 0 { return .mouse(.left, x: Int(event.x), y: Int(event.y)) }
                if state & tl_button4_pressed() != 0 { return .mouse(.wheelUp, x: Int(event.x), y: Int(event.y)) }
                if state & tl_button5_pressed() != 0 { return .mouse(.wheelDown, x: Int(event.x), y: Int(event.y)) }
                return nil
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BTAB: return .key(.backTab)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_ENTER: return .key(.enter)
            default: return nil
            }
        }
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(code) + 96))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)), !TerminalText.isUnsafe(scalar) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// Copies the frame to ncurses: only the cells that changed since the last frame, then
    /// one `doupdate`, which sends the terminal the minimal update.
    func draw(_ frame: ScreenBuffer) {
        let old = previous.flatMap { $0.size == frame.size ? $0 : nil }
        if old == nil { werase(tl_stdscr()) }
        var wide = [wchar_t](repeating: 0, count: 16)
        for y in 0..<frame.size.height {
            for x in 0..<frame.size.width {
                let cell = frame[x, y]
                guard cell.width > 0 else { continue }
                if let old, old[x, y] == cell { continue }
                let count = Terminal.characters(of: cell, into: &wide)
                wide[count] = 0
                let (attr, pair) = attributes[cell.style] ?? (tl_a_normal(), 0)
                var cchar = cchar_t()
                setcchar(&cchar, wide, attr, pair, nil)
                mvwadd_wch(tl_stdscr(), Int32(y), Int32(x), &cchar)
            }
        }
        wnoutrefresh(tl_stdscr())
        doupdate()
        previous = frame
    }

    /// The wide characters ncurses gets for a cell: the base and up to four combining marks
    /// (what a cchar_t holds). A cluster of several spacing characters (a ZWJ emoji sequence,
    /// a flag, a skin-tone modifier) keeps its first; and a character whose width the C library
    /// sees differently from the screen buffer becomes a `?` of the buffer's width, so that the
    /// terminal's columns always match the buffer's and no border is pushed out of line.
    static func characters(of cell: Cell, into wide: inout [wchar_t]) -> Int {
        guard let first = cell.text.unicodeScalars.first else { wide[0] = 0x20; return 1 }
        if tl_wcwidth(wchar_t(bitPattern: first.value)) != Int32(cell.width) {
            wide[0] = cell.width == 2 ? 0xFF1F : 0x3F  // "？" or "?"
            return 1
        }
        var count = 0
        wide[count] = wchar_t(bitPattern: first.value)
        count += 1
        // U+FE0F asks for emoji presentation, which some terminals (tmux among them) draw two
        // cells wide while the C library counts one: leave it out and the character keeps its
        // text presentation, one cell, in every terminal.
        for scalar in cell.text.unicodeScalars.dropFirst() where count < 5 && scalar.value != 0xFE0F {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark:
                wide[count] = wchar_t(bitPattern: scalar.value)
                count += 1
            default: continue
            }
        }
        return count
    }

    /// Style roles to colours, or to attributes alone when NO_COLOR is set or the terminal
    /// has no colours. Foregrounds only (plus reverse video), so the terminal's own background
    /// stays, on dark and light themes alike.
    static func theme() -> [Style: (attr: attr_t, pair: Int16)] {
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }.map { !$0.isEmpty } ?? false
        let bold = tl_a_bold(), dim = tl_a_dim(), reverse = tl_a_reverse(), underline = tl_a_underline()
        var map: [Style: (attr_t, Int16)] = [
            .normal: (tl_a_normal(), 0), .dim: (dim, 0), .heading: (bold, 0), .title: (bold, 0),
            .border: (tl_a_normal(), 0), .borderFocused: (bold, 0), .selection: (reverse | bold, 0),
            .selectionInactive: (underline, 0), .match: (reverse | underline, 0), .background: (dim, 0),
            .accent: (tl_a_normal(), 0), .cited: (underline, 0), .current: (reverse, 0),
            .bar: (reverse, 0), .barKey: (reverse | bold, 0), .error: (bold, 0),
        ]
        guard !noColor, has_colors() else { return map }
        start_color()
        let background: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
        let colours: [(Style, Int16, Int16, attr_t)] = [
            (.title, Int16(COLOR_CYAN), background, bold),
            (.borderFocused, Int16(COLOR_CYAN), background, bold),
            (.accent, Int16(COLOR_GREEN), background, tl_a_normal()),
            (.background, Int16(COLOR_MAGENTA), background, tl_a_normal()),
            (.match, Int16(COLOR_BLACK), Int16(COLOR_YELLOW), tl_a_normal()),
            (.current, Int16(COLOR_BLACK), Int16(COLOR_GREEN), tl_a_normal()),
            (.cited, Int16(COLOR_GREEN), background, underline),
            (.barKey, Int16(COLOR_CYAN), background, reverse | bold),
            (.error, Int16(COLOR_RED), background, bold),
        ]
        for (i, (style, foreground, back, attr)) in colours.enumerated() {
            let pair = Int16(i + 1)
            init_pair(pair, foreground, back)
            map[style] = (attr, pair)
        }
        return map
    }
}
