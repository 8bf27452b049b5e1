import Foundation
import Testing

/// The real binary in a real terminal: tmux runs it, we type and read the screen.
final class TmuxSession {
    let name: String
    let folder: URL

    /// Starts `tl ARGUMENTS` inside a shell that records the terminal settings before and after,
    /// and the exit status, so tests can check the terminal is restored; the pane then stays
    /// open, so what tl printed can still be read.
    convenience init(_ arguments: [String] = [], width: Int = 100, height: Int = 30, environment: String = "") throws {
        let folder = try temporaryFolder()
        let quoted = ([tlBinary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        // The shell traps SIGINT (rather than ignoring it, which tl would inherit) so that a Ctrl-C
        // meant for tl does not also end the shell before it records the status.
        // swift test exports NO_COLOR=1; a user's terminal normally has no such setting.
        let script = "trap : INT; unset NO_COLOR; export XDG_STATE_HOME='\(folder.path)/state' XDG_CONFIG_HOME='\(folder.path)/config'; cd '\(folder.path)'; stty -a > before; \(environment) \(quoted); echo $? > status; stty -a > after.partial; mv after.partial after; exec sleep 600"
        try self.init(command: ["sh", "-c", script], folder: folder, width: width, height: height)
    }

    /// Runs any command in a new pane (an interactive shell, for job control).
    init(command: [String], folder: URL? = nil, width: Int = 100, height: Int = 30) throws {
        name = "tl-test-\(UUID().uuidString.prefix(8))"
        self.folder = try folder ?? temporaryFolder()
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)"] + command)
    }

    deinit {
        _ = try? tmux(["kill-server"])
        // tmux leaves its socket behind; it lives in the test's folder, which goes too.
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs a tmux command and returns what it printed.
    /// Each session has a tmux server of its own, never the developer's and never another
    /// test's: with one shared server, a test ending its last session could stop the server
    /// just as a parallel test asked it for a new one, and that test then saw an empty screen.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try spawn("tmux", ["-S", folder.appendingPathComponent("tmux.socket").path, "-f", "/dev/null"] + arguments).stdout
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// The screen with lines the terminal wrapped joined again: a message holding a temporary
    /// path wraps wherever the path's length puts it.
    func joinedScreen() throws -> String { try tmux(["capture-pane", "-p", "-J", "-t", name]) }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// How long a test waits for a screen or an exit: generous, because CI runs every suite at
    /// once on two cores, and it costs nothing when things go right.
    static let patience = 300  // polls, 50 ms apart

    /// Polls the screen until `predicate` holds, for up to 15 seconds; returns the last screen.
    /// A settled screen must also be unchanged since the previous look (a frame seen half-drawn
    /// is not yet the frame); a screen that keeps changing by design, like a progress bar, is
    /// waited for unsettled.
    @discardableResult
    func waitFor(_ what: String, settled: Bool = true, _ predicate: (String) -> Bool) throws -> String {
        var last = ""
        var previous = ""
        for _ in 0..<TmuxSession.patience {
            last = try screen()
            if predicate(last) && (!settled || last == previous) { return last }
            previous = last
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); the screen was:\n\(last)")
        return last
    }

    @discardableResult
    func waitFor(_ text: String) throws -> String { try waitFor("“\(text)”") { $0.contains(text) } }

    /// Waits for the program to end; returns its exit status.
    func exitStatus() throws -> Int? {
        for _ in 0..<TmuxSession.patience {
            if let text = try? String(contentsOf: folder.appendingPathComponent("status"), encoding: .utf8),
               FileManager.default.fileExists(atPath: folder.appendingPathComponent("after").path) {
                return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// The terminal modes after tl are those before it (the window size aside, which a test may change).
    func terminalRestored() throws -> Bool {
        func modes(_ name: String) throws -> String {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return text.replacing(/rows \d+; columns \d+;/, with: "")
        }
        return try modes("before") == modes("after")
    }

    /// The process id of tl inside the pane (the shell's child).
    func tlProcessID() throws -> Int32? {
        let shell = try tmux(["display", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }
}

@Suite("The browser in a real terminal (tmux)", .serialized)
struct TerminalTests {
    @Test func firstPaintMovingAndQuitting() throws {
        let session = try TmuxSession()
        let first = try session.waitFor("Timeline · 11 events")
        #expect(first.contains("▶ Trump and Xi agree a truce"), "opens on the story proper")
        #expect(first.contains("▌Background"), "with the background above it")
        #expect(first.contains("Sat 29 Jun 2019") && first.contains("Donald Trump · President"))
        #expect(first.contains("j/k move"))
        try session.send("k")
        try session.waitFor("▶ Huawei put on the Entity List")
        try session.send("g")
        try session.waitFor("▶ Trade war between the US and China")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }

    @Test func involvementAndStepping() throws {
        let session = try TmuxSession()
        try session.waitFor("Timeline · 11 events")
        try session.send("p")
        try session.waitFor("Filter:")
        try session.type("kudlow")
        try session.send("Enter")
        try session.waitFor("Larry Kudlow · involvement")
        try session.send("Enter")
        try session.waitFor("Following Larry Kudlow: event 1 of 2")
        try session.send("]")
        let second = try session.waitFor("Larry Kudlow: event 2 of 2")
        #expect(second.contains("▶ Kudlow: Huawei curbs to ease"))
        try session.send("Escape")
        try session.waitFor("Larry Kudlow · involvement")
        try session.send("Escape", "q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func quoteOpensItsSourceAtThePassage() throws {
        let session = try TmuxSession()
        try session.waitFor("Timeline · 11 events")
        try session.send("G", "Tab", "Tab", "Tab", "Tab", "Enter")
        let reader = try session.waitFor("Source · Arirang News")
        #expect(reader.contains("passage "))
        #expect(reader.contains("▌ Plus, in a surprise announcement Tuesday"))
        #expect(reader.contains("event ross-huawei-licences"))
        // ] steps to the next cited passage: "passage N/M" becomes "passage N+1/M".
        let match = try #require(reader.firstMatch(of: /passage (\d+)\/(\d+)/))
        try session.send("]")
        try session.waitFor("passage \(Int(match.1)! + 1)/\(match.2)")
        try session.send("q", "q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func searching() throws {
        let session = try TmuxSession()
        try session.waitFor("Timeline · 11 events")
        try session.send("/")
        try session.type("soybeans")
        try session.waitFor("1 event")
        try session.send("Enter")
        let found = try session.waitFor("/soybeans 1/1")
        #expect(found.contains("▶ Kudlow: Huawei curbs to ease"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func resizingRedrawsAtOnce() throws {
        let session = try TmuxSession()
        try session.waitFor("Timeline · 11 events")
        try session.resize(width: 60, height: 20)
        try session.waitFor("narrow layout") { $0.contains("Timeline  Event  People") }
        try session.resize(width: 20, height: 5)
        try session.waitFor("Terminal too")
        try session.send("j")
        try session.resize(width: 1, height: 1)
        try session.resize(width: 120, height: 40)
        let wide = try session.waitFor("wide layout") { $0.contains("┌─ Event") && $0.contains("Timeline · 11 events") }
        #expect(wide.contains("▶ Kudlow says a face-to-face"))
        // No leftovers from the smaller layouts.
        #expect(!wide.contains("Terminal too"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }

    @Test func signalsRestoreTheTerminal() throws {
        for (signal, status) in [(SIGTERM, 143), (SIGHUP, 129), (SIGINT, 130)] {
            let session = try TmuxSession()
            try session.waitFor("Timeline · 11 events")
            let pid = try #require(try session.tlProcessID())
            kill(pid, signal)
            #expect(try session.exitStatus() == status, "signal \(signal)")
            #expect(try session.terminalRestored(), "signal \(signal)")
        }
    }

    /// A timeline large enough to take a while to load (written once, shared by the tests below).
    static let largeTimeline: Result<URL, Error> = Result {
        let folder = try temporaryFolder()
        let generator = tlBinary.deletingLastPathComponent().appendingPathComponent("tl-generate")
        let generated = try spawn(generator.path, ["--events", "100000", "--seed", "3", "--output", folder.path])
        guard generated.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: generated.stderr]) }
        return folder
    }

    @Test func aProblemFoundWhileBrowsingALoadingTimelineIsReported() throws {
        let folder = try temporaryFolder()
        let generator = tlBinary.deletingLastPathComponent().appendingPathComponent("tl-generate")
        try #require(try spawn(generator.path, ["--events", "100000", "--seed", "4", "--output", folder.path]).status == 0)
        // The last quote in the file (the last event's) no longer matches its source.
        let file = folder.appendingPathComponent("timeline.json")
        var json = try String(contentsOf: file, encoding: .utf8)
        let last = try #require(json.range(of: "\"text\": \"", options: .backwards))
        json.insert(contentsOf: "Not in the source: ", at: last.upperBound)
        try json.write(to: file, atomically: true, encoding: .utf8)

        let session = try TmuxSession(["--data", folder.path])
        try session.waitFor("a preview", settled: false) { $0.contains("events so far") }
        // The problem joins the problems view; the events read stay to browse.
        let report = try session.waitFor("the problems view") { $0.contains("Problems · 1 problem") && $0.contains("$.events[99999].quotes[0") }
        #expect(report.contains("not verbatim"))
        try session.send("Escape")
        try session.waitFor("the events read") { $0.contains("Timeline · ") && $0.contains("1 problem") }
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }

    @Test func aLargeTimelineShowsItsProgressAndQOrCtrlCEndsTheWait() throws {
        let folder = try TerminalTests.largeTimeline.get()
        // Opening on an event needs the whole timeline, so this load shows the progress screen throughout.
        let session = try TmuxSession(["--data", folder.path, "--event", "event-7"])
        let loading = try session.waitFor("the loading screen", settled: false) { $0.contains("Loading ") && $0.contains("MB read") && $0.contains(" q quit") }
        #expect(!loading.contains("┌─ Timeline"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())

        // Ctrl-C while loading ends tl as a signal does anywhere else.
        let interrupted = try TmuxSession(["--data", folder.path, "--event", "event-7"])
        try interrupted.waitFor("the loading screen", settled: false) { $0.contains("Loading ") && $0.contains("MB read") }
        try interrupted.send("C-c")
        #expect(try interrupted.exitStatus() == 130)
        #expect(try interrupted.terminalRestored())
    }

    @Test func aLargeTimelineCanBeBrowsedWhileItLoads() throws {
        let folder = try TerminalTests.largeTimeline.get()
        let session = try TmuxSession(["--data", folder.path])
        let preview = try session.waitFor("a preview", settled: false) { $0.contains("events so far") && $0.contains("loading ") }
        #expect(!preview.contains("Loading "), "the preview replaces the progress screen")
        try session.send("j", "Enter")
        try session.waitFor("the reason Enter waits", settled: false) { $0.contains("Still loading") }
        let complete = try session.waitFor("the whole timeline") { $0.contains("Timeline · 100,000 events ─") }
        #expect(complete.contains("/ search"), "every key works once loaded")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }

    @Test func closingTheWindowEndsTl() throws {
        let session = try TmuxSession()
        try session.waitFor("Timeline · 11 events")
        let pid = try #require(try session.tlProcessID())
        try session.tmux(["kill-session", "-t", session.name])
        var gone = false
        for _ in 0..<100 {
            if !FileManager.default.fileExists(atPath: "/proc/\(pid)") { gone = true; break }
            // A zombie has finished too.
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), stat.contains(") Z ") { gone = true; break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(gone, "tl kept running after its terminal went away")
        if !gone { kill(pid, SIGKILL) }
    }

    @Test func ctrlZSuspendsAndFgRedrawsTheSameState() throws {
        // An interactive shell with job control, as a user has.
        let session = try TmuxSession(command: ["env", "PS1=$ ", "bash", "--norc", "--noprofile", "-i"])
        try session.type(tlBinary.path)
        try session.send("Enter")
        try session.waitFor("Timeline · 11 events")
        try session.send("j")
        try session.waitFor("▶ Kudlow says a face-to-face")
        try session.send("C-z")
        try session.waitFor("Stopped")
        try session.type("clear; fg")
        try session.send("Enter")
        let resumed = try session.waitFor("▶ Kudlow says a face-to-face")
        #expect(resumed.contains("Timeline · 11 events") && resumed.contains("Larry Kudlow · "))
        try session.send("q")
        try session.type("echo status=$?")
        try session.send("Enter")
        try session.waitFor("status=0")
    }

    /// An X10 mouse report, as the terminal sends it for a press and release at (x, y).
    func click(_ session: TmuxSession, x: Int, y: Int) throws {
        let column = String(32 + x + 1, radix: 16), row = String(32 + y + 1, radix: 16)
        try session.tmux(["send-keys", "-t", session.name, "-H", "1b", "5b", "4d", "20", column, row])
        try session.tmux(["send-keys", "-t", session.name, "-H", "1b", "5b", "4d", "23", column, row])
    }

    @Test func mouseClickSelectsUnlessTurnedOff() throws {
        let session = try TmuxSession()
        let screen = try session.waitFor("Timeline · 11 events")
        let row = try #require(screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("• Kudlow says a face-to-face") })
        try click(session, x: 10, y: row)
        try session.waitFor("▶ Kudlow says a face-to-face")
        try session.send("q")
        #expect(try session.exitStatus() == 0)

        // With --no-mouse tl never asks the terminal for mouse reports, so clicks and
        // selection stay the terminal's own: tmux shows which modes the program turned on.
        let flags = "#{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag}#{mouse_all_flag}"
        let withMouse = try TmuxSession()
        try withMouse.waitFor("Timeline · 11 events")
        #expect(try withMouse.tmux(["display", "-p", "-t", withMouse.name, flags]).contains("1"))
        let noMouse = try TmuxSession(["--no-mouse"])
        try noMouse.waitFor("Timeline · 11 events")
        #expect(try noMouse.tmux(["display", "-p", "-t", noMouse.name, flags]).trimmingCharacters(in: .whitespacesAndNewlines) == "0000")
        try noMouse.send("q")
        #expect(try noMouse.exitStatus() == 0)
    }

    @Test func ctrlCFromTheKeyboard() throws {
        let session = try TmuxSession()
        try session.waitFor("Timeline · 11 events")
        try session.send("C-c")
        #expect(try session.exitStatus() == 130)
        #expect(try session.terminalRestored())
    }

    @Test func openingOnAnEventOrAPerson() throws {
        let onEvent = try TmuxSession(["--event", "ross"])
        try onEvent.waitFor("▶ Ross: licences for sales to Huawei")
        try onEvent.send("q")
        let onPerson = try TmuxSession(["--person", "Xi"])
        try onPerson.waitFor("Xi Jinping · involvement")
        try onPerson.send("Escape")
        try onPerson.waitFor("Timeline · 11 events")
        try onPerson.send("q")
        #expect(try onPerson.exitStatus() == 0)
    }

    @Test func badTerminalsGetOneLine() throws {
        for (environment, expected) in [("TERM=dumb", "cannot move the cursor"), ("TERM=no-such-terminal", "unknown terminal type"),
                                        ("env -u TERM", "TERM is not set")] {
            let session = try TmuxSession([], environment: environment)
            #expect(try session.exitStatus() == 2, "\(environment)")
            let screen = try session.screen()
            #expect(screen.contains(expected), "\(environment): \(screen)")
        }
    }

    @Test func outputRedirectedInATerminal() throws {
        let session = try TmuxSession([], environment: "exec 3>&1; exec > /dev/null;")
        #expect(try session.exitStatus() == 2)
        #expect(try session.screen().contains("standard output is not one"))
    }

    @Test func withoutATerminalPointsToThePlainCommands() throws {
        let run = try tl([])
        #expect(run.status == 2)
        #expect(run.stderr.contains("needs a terminal"))
        #expect(run.stderr.contains("tl events"))
    }
}
