import CNcurses
import Foundation
import Synchronization
import Configuration
import TimelineModel
import TimelineStore
import TimelineUI

#if canImport(Glibc)
import Glibc
#endif

/// The terminal driver: the only code that talks to ncurses. It turns ncurses input into
/// `Input`, feeds the reducer, and copies each rendered `ScreenBuffer` to the screen.
enum Browser {
    static func run(dataPath: String?, format: TimelineFormat?, event: String?, person: String?, mouse: Bool, config: String?, fresh: Bool) throws {
        // The whole configuration is checked before the screen is touched: never half of one.
        let settings: Settings
        switch Settings.load(path: config) {
        case .success(let loaded): settings = loaded
        case .failure(let problems):
            writeError(problems.description)
            writeError("tl: the configuration has \(Wording.counted(problems.problems.count, "problem")); `tl config --default` prints a complete one")
            throw Status.usage
        }
        let mouse = mouse && settings.mouse
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

        // Read, never mapped: the browser watches for saves, and an editor may truncate a file
        // while it is read. A store is neither: it is read a screen at a time, as it was indexed.
        let request = OpeningRequest(event: event, person: person)
        let files: TimelineFiles, watch: LoadWatch, store: SQLiteStorage?, notice: String?
        // A store's sources are compared with what it was built from once the browser is up:
        // there may be a million of them.
        switch try OpenedData.open(dataPath, format: format, mapping: false, checkingSources: false, onFailure: Browser.storeFailed) {
        case .store(let storage, let said):
            (store, notice) = (storage, said)
            files = TimelineFiles.disk(storage.builtFrom?.path ?? storage.path, mapping: false)
            watch = LoadWatch(ready: storage.timeline())
        case .files(let opened, let said):
            (files, store, notice) = (opened, nil, said)
            // Opening on an event or a person needs the whole timeline to find it in: no preview then.
            watch = LoadWatch(files, format: format, previews: request.isEmpty)
        }
        let terminal = Terminal(mouse: mouse, theme: settings.theme)
        var program = Program(name: files.displayPath(files.mainFile), size: terminal.size, request: request, mouse: mouse, keymap: settings.keymap)
        let end = terminal.run(&program, watch: watch, files: files, format: format, dataPath: dataPath, fresh: fresh,
                               opening: Opening(notice: notice, store: store))
        // Everything below is printed after the screen is left, so it stays on the terminal.
        terminal.close()
        switch end {
        case .exit(let status):
            exit(status)
        case .loadFailed(let error, let whileBrowsing):
            if whileBrowsing { writeError("tl: while loading, the timeline turned out to have problems; the browser closed") }
            reportLoadError(error, dataPath: dataPath)
            throw Status.dataError
        case .notFound(let failure):
            guard let timeline = watch.timeline else { throw Status.notFound }
            let lookup: Lookup<Int> = failure.candidates.isEmpty ? .notFound : .ambiguous(failure.candidates)
            _ = try choose(lookup, failure.kind == .event ? .event : .person, query: failure.query, in: timeline)
        default:
            return
        }
    }

    /// A store that fails halfway through browsing (damaged after it was opened): the screen is
    /// left first, so that the error stays readable.
    @Sendable static func storeFailed(_ error: StoreError) -> Never {
        endwin()
        OpenedData.reportAndExit(error)
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

/// How the browser came to open what it shows.
struct Opening {
    /// A line for the bar once the browser is up: the store read, or why one was passed over.
    var notice: String?
    /// The store the timeline is read from, if it is.
    var store: SQLiteStorage?
    var fromStore: Bool { store != nil }
}

/// A load on a thread of its own, and what it shares with the screen: how far it has got,
/// the newest preview not yet shown, and the outcome, each taken once.
final class LoadWatch: Sendable {
    private struct Shared {
        var progress: LoadProgress?
        var preview: Timeline?
        var outcome: Result<Timeline, TimelineLoadError>?
        var outcomeTaken = false
    }
    private let shared = Mutex(Shared())
    /// Signalled when there is a preview or an outcome, so that the screen shows it at once.
    private let news = DispatchSemaphore(value: 0)

    /// A timeline there already is (read from a store): the outcome, at once.
    init(ready timeline: Timeline) {
        shared.withLock { $0.outcome = .success(timeline) }
    }

    /// Starts loading. The thread also keeps the load's short-lived allocations out of the main
    /// heap arena, which the per-key path then finds clean.
    init(_ files: TimelineFiles, format: TimelineFormat?, previews: Bool) {
        Thread.detachNewThread { self.run(files, format: format, previews: previews) }
    }

    private func run(_ files: TimelineFiles, format: TimelineFormat?, previews: Bool) {
        var preview: (@Sendable (Timeline) -> Void)?
        if previews {
            preview = { @Sendable timeline in
                self.shared.withLock { $0.preview = timeline }
                self.news.signal()
            }
        }
        let result = loadForTheProcess(files, format: format, progress: { @Sendable progress in self.shared.withLock { $0.progress = progress } }, preview: preview)
        shared.withLock { $0.outcome = result }
        news.signal()
    }

    /// Waits up to `milliseconds` for a preview or the outcome.
    func waitForNews(milliseconds: Int) { _ = news.wait(timeout: .now() + .milliseconds(milliseconds)) }

    var progress: LoadProgress? { shared.withLock { $0.progress } }

    /// The loaded timeline, once there is one.
    var timeline: Timeline? { shared.withLock { try? $0.outcome?.get() } }

    /// The load's news not yet passed on, as the program's inputs: the outcome (once), else the
    /// newest preview (once).
    func takeNews() -> Input? {
        shared.withLock { shared in
            if let outcome = shared.outcome, !shared.outcomeTaken {
                shared.outcomeTaken = true
                shared.preview = nil
                switch outcome {
                case .success(let timeline): return .loaded(timeline)
                case .failure(let error): return .loadFailed(error)
                }
            }
            guard let preview = shared.preview else { return nil }
            shared.preview = nil
            return .preview(preview, shared.progress)
        }
    }
}

/// ncurses, set up and torn down in one place.
final class Terminal {
    private var previous: ScreenBuffer?
    private var attributes: [Style: (attr: attr_t, pair: Int16)] = [:]
    /// With TL_BENCHMARK_LOG=FILE, when the loading screen, the first frame and the whole
    /// timeline are on screen, and how long each key took from being read to its frame being on
    /// screen (scripts/benchmark reads it).
    private let benchmarkLog: UnsafeMutablePointer<FILE>? = getenv("TL_BENCHMARK_LOG").flatMap { fopen($0, "w") }

    init(mouse: Bool, theme: Theme) {
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
        attributes = Terminal.attributes(theme)
        // The xterm sequences for keys a terminal's description may lack (vt100 has no PgDn,
        // Home or End, yet terminals and tmux send these).
        let sequences: [(String, Int32)] = [
            ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE), ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME),
            ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME), ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END),
            ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END), ("\u{1B}[3~", KEY_DC), ("\u{1B}[Z", KEY_BTAB),
        ]
        for (sequence, code) in sequences { tl_define_key_if_missing(sequence, code) }
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

    /// Runs the program until an effect ends it: one loop for loading and browsing. The load's
    /// news, signals, keys and resizes become inputs; each frame the program renders is drawn.
    func run(_ program: inout Program, watch: LoadWatch, files: TimelineFiles, format: TimelineFormat?, dataPath: String?, fresh: Bool,
             opening: Opening) -> Effect {
        let started = Terminal.nanoseconds(CLOCK_MONOTONIC)
        var drawn = (loading: false, browsing: false, loaded: false)
        var store: StateStore?
        // A timeline on disk is watched once it is loaded, and loaded again when it is saved.
        var paths: TimelinePaths?
        var watcher: FileWatcher?
        var reload: LoadWatch?
        var lastProgress: LoadProgress?
        let storeWatch = opening.store.map(StoreWatch.init)
        while true {
            var inputs: [Input] = []
            if let news = watch.takeNews() {
                if case .loadFailed(let error) = news, let shown = program.state?.timeline ?? error.partial, dataPath != nil {
                    // A timeline with problems opens anyway with what of it holds together (or the
                    // preview browsed so far), the problems beside it; a save that fixes them reloads.
                    if program.state == nil { inputs.append(.loaded(shown)) }
                    inputs.append(.reloadFailed(error, targets: problemTargets(error, timelineFile: files.displayPath(files.mainFile))))
                    paths = TimelinePaths(files, shown)
                    watcher = FileWatcher(paths: paths!.all)
                } else {
                    inputs.append(news)
                }
            }
            // A quick load never shows the progress; a slow one shows it after a fifth of a second.
            if let progress = watch.progress, progress != lastProgress, program.state?.loading != nil || Terminal.nanoseconds(CLOCK_MONOTONIC) - started > 200_000_000 {
                lastProgress = progress
                inputs.append(.loadProgress(progress))
            }
            if let watching = watcher {
                watching.check()
                if let news = reload?.takeNews() {
                    reload = nil
                    switch news {
                    case .loaded(let timeline):
                        inputs.append(.reloaded(timeline))
                        let current = TimelinePaths(files, timeline)
                        if current.all != paths?.all { paths = current; watcher = FileWatcher(paths: current.all) }
                    case .loadFailed(let error):
                        inputs.append(.reloadFailed(error, targets: problemTargets(error, timelineFile: paths?.timeline ?? "")))
                    default: break
                    }
                }
                if reload == nil, watching.takeSettledChange() { reload = LoadWatch(files, format: format, previews: false) }
            }
            if let storeWatch { inputs += storeWatch.news(browsing: program.state != nil) }
            let signal = tl_take_signal()
            if signal != 0 { inputs.append(.signal(signal)) }
            // Wait for keys only when there is no news to handle first; while watching, briefly,
            // so that a save is on screen at once.
            let idle = watcher != nil || storeWatch != nil ? 20 : (program.isLoaded ? 250 : 100)
            let wait: Int? = !inputs.isEmpty ? 0 : program.state == nil ? nil : idle
            inputs += readInputs(waiting: wait, watch: watch)
            guard !inputs.isEmpty else { continue }
            for input in inputs {
                let keyStarted = Terminal.nanoseconds(CLOCK_MONOTONIC)
                // The timeline's title names its store of stars, notes and place: read once it is known.
                if case .loaded(let timeline) = input, store == nil {
                    store = StateStore(timeline.title, dataPath: dataPath)
                    let kept = store!.load()
                    program = program.keeping(kept.marks, place: fresh ? nil : kept.place, notice: kept.problem ?? opening.notice)
                    if dataPath != nil, FileManager.default.fileExists(atPath: files.displayPath(files.mainFile)) {
                        paths = TimelinePaths(files, timeline)
                        // A store shows the timeline as it was indexed: saves reach it through `tl index`
                        // (`StoreWatch`).
                        if !opening.fromStore { watcher = FileWatcher(paths: paths!.all) }
                    }
                } else if case .preview(let timeline, _) = input, store == nil {
                    store = StateStore(timeline.title, dataPath: dataPath)
                    let kept = store!.load()
                    program = program.keeping(kept.marks, place: nil, notice: kept.problem)
                }
                for effect in program.handle(input) {
                    switch effect {
                    case .redraw:
                        previous = nil
                        clearok(tl_curscr(), true)
                    case .keep(let marks, let place):
                        do {
                            try store?.save(marks, place, title: program.state?.timeline.title ?? "")
                        } catch {
                            program.tell("Could not keep the stars and notes in \(store?.file.path ?? "the state folder")")
                        }
                    case .copy(let text, _):
                        copyToClipboard(text)
                    case .edit(let request):
                        guard let paths else {
                            program.tell("The bundled timeline is built into tl: copy data/ somewhere and open it with --data to edit it")
                            break
                        }
                        let file: String? = switch request.file {
                        case .timeline: paths.timeline
                        case .source(let id): paths.source(id)
                        }
                        guard let file else { break }
                        if let problem = edit(file, line: line(of: request.place, in: file)) {
                            program.tell(problem)
                        } else if opening.fromStore {
                            program.tell("This is the store as indexed: `tl index` brings your changes into it")
                        }
                    default:
                        return effect
                    }
                }
                guard let frame = program.render() else { continue }
                draw(frame)
                if case .key(let key) = input { log("key \(key.label) \(Terminal.nanoseconds(CLOCK_MONOTONIC) - keyStarted)") }
                if case .reloaded = input { log("reloaded-frame \(Terminal.nanoseconds(CLOCK_REALTIME))") }
                if !drawn.loading, program.state == nil { drawn.loading = true; log("loading-frame \(Terminal.nanoseconds(CLOCK_REALTIME))") }
                if !drawn.browsing, program.state != nil { drawn.browsing = true; log("first-frame \(Terminal.nanoseconds(CLOCK_REALTIME))") }
                if !drawn.loaded, program.isLoaded { drawn.loaded = true; log("loaded \(Terminal.nanoseconds(CLOCK_REALTIME))") }
            }
        }
    }

    /// Hands the terminal to the user's editor on `file` at `line` (`$VISUAL`, else `$EDITOR`,
    /// else vi, run by the shell so that "code -w" works, as "+LINE FILE"), then takes it back
    /// and redraws. Ctrl-C in the editor is the editor's: it does not end tl. What went wrong,
    /// if anything.
    func edit(_ file: String, line: Int) -> String? {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        def_prog_mode()
        endwin()
        let arguments = ["/bin/sh", "-c", editor + " \"$@\"", "sh", "+\(line)", file]
        var pointers = arguments.map { strdup($0) } + [nil]
        let status = tl_run_and_wait(&pointers)
        for pointer in pointers { free(pointer) }
        // A Ctrl-C meant for the editor reached tl too: it is dropped; another signal stays.
        let caught = tl_take_signal()
        if caught != SIGINT { tl_put_signal(caught) }
        reset_prog_mode()
        previous = nil
        clearok(tl_curscr(), true)
        guard status >= 0 else { return "Could not run the editor “\(TerminalText.sanitize(editor))”" }
        let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return exited == 127 ? "The editor “\(TerminalText.sanitize(editor))” was not found (set VISUAL or EDITOR)" : nil
    }

    /// The keys, clicks and resizes waiting. With `milliseconds`, waits that long for the first
    /// (so a signal arriving between reads is still seen promptly); without, there is no screen
    /// yet, and the wait is for the load, which wakes it at once.
    func readInputs(waiting milliseconds: Int?, watch: LoadWatch) -> [Input] {
        if let milliseconds {
            wtimeout(tl_stdscr(), Int32(milliseconds))
        } else {
            watch.waitForNews(milliseconds: 40)
            wtimeout(tl_stdscr(), 0)
        }
        var inputs: [Input] = []
        var character: wint_t = 0
        var result = wget_wch(tl_stdscr(), &character)
        // A timeout, a signal, or a terminal that is gone (then leave as on SIGHUP).
        if result == ERR, tl_input_hung_up() != 0 { return [.signal(SIGHUP)] }
        while result != ERR {
            if let input = translate(result, character) { inputs.append(input) }
            wtimeout(tl_stdscr(), 0)
            result = wget_wch(tl_stdscr(), &character)
        }
        return inputs
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
            // The keypad's corners are what vt100-like terminals have for these.
            case KEY_NPAGE, KEY_C3: return .key(.pageDown)
            case KEY_PPAGE, KEY_A3: return .key(.pageUp)
            case KEY_HOME, KEY_A1: return .key(.home)
            case KEY_END, KEY_C1: return .key(.end)
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

    /// Style roles to attributes and colour pairs, as the theme says: its colours when the
    /// terminal has them and NO_COLOR is not set, else its attributes alone. Colours the terminal
    /// cannot show fall back to the eight named ones; "default" keeps the terminal's own.
    static func attributes(_ theme: Theme) -> [Style: (attr: attr_t, pair: Int16)] {
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }.map { !$0.isEmpty } ?? false
        let colours = !noColor && has_colors()
        var defaultColours = false
        if colours {
            start_color()
            defaultColours = use_default_colors() == OK
        }
        func number(_ colour: Colour?, background: Bool) -> Int16 {
            switch colour {
            case .indexed(let n)?: Int16(n < tl_colors() ? n : n % 8)
            case .terminalDefault?, nil: defaultColours ? -1 : Int16(background ? COLOR_BLACK : COLOR_WHITE)
            }
        }
        var pairs: [[Int16]: Int16] = [:]
        var map: [Style: (attr: attr_t, pair: Int16)] = [:]
        for style in Style.allCases {
            let spec = theme.spec(style, colours: colours)
            var attr = tl_a_normal()
            if spec.bold { attr |= tl_a_bold() }
            if spec.dim { attr |= tl_a_dim() }
            if spec.underline { attr |= tl_a_underline() }
            if spec.reverse { attr |= tl_a_reverse() }
            var pair: Int16 = 0
            if colours, spec.foreground != nil || spec.background != nil {
                let key = [number(spec.foreground, background: false), number(spec.background, background: true)]
                if let existing = pairs[key] {
                    pair = existing
                } else {
                    pair = Int16(pairs.count + 1)
                    init_pair(pair, key[0], key[1])
                    pairs[key] = pair
                }
            }
            map[style] = (attr, pair)
        }
        return map
    }
}
