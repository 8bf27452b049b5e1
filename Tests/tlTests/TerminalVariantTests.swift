import Foundation
import Testing

@Suite("Terminal types, colours, locales, sizes and signals", .serialized)
struct TerminalVariantTests {
    func colours(_ session: TmuxSession) throws -> Bool {
        let escaped = try session.tmux(["capture-pane", "-p", "-e", "-t", session.name])
        // Any SGR parameter that sets a colour: 30–38, 40–48, 90–97, 100–107.
        for sequence in escaped.components(separatedBy: "\u{1B}[").dropFirst() {
            guard let end = sequence.firstIndex(where: { !"0123456789;".contains($0) }), sequence[end] == "m" else { continue }
            for parameter in sequence[..<end].split(separator: ";").compactMap({ Int($0) })
            where (30...38).contains(parameter) || (40...48).contains(parameter) || (90...97).contains(parameter) || (100...107).contains(parameter) {
                return true
            }
        }
        return false
    }

    @Test func eachTerminalTypeWorksOrRefuses() throws {
        for (environment, expectColour) in [("TERM=xterm", true), ("TERM=xterm-256color", true), ("TERM=vt100", false),
                                            ("TERM=xterm NO_COLOR=1", false), ("TERM=screen", true)] {
            let session = try TmuxSession([], environment: "env " + environment)
            let screen = try session.waitFor("Timeline · 11 events")
            #expect(screen.contains("┌─ Timeline") || screen.contains("Timeline · 11 events"), "\(environment)")
            #expect(try colours(session) == expectColour, "\(environment): colours")
            try session.send("j", "q")
            #expect(try session.exitStatus() == 0, "\(environment)")
            #expect(try session.terminalRestored(), "\(environment)")
        }
    }

    @Test func aNonUTF8LocaleStillDrawsUnicode() throws {
        let session = try TmuxSession([], environment: "env LANG=C LC_ALL=C")
        let screen = try session.waitFor("Timeline · 11 events")
        #expect(screen.contains("┌─ Timeline"))
        #expect(screen.contains("“President Donald Trump"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func tinyStartsAndResizeStormsLeaveNoGarbage() throws {
        for (width, height) in [(1, 1), (80, 2), (2, 80)] {
            let session = try TmuxSession([], width: width, height: height)
            Thread.sleep(forTimeInterval: 0.3)
            let keys = ["j", "Tab", "Enter", "/", "x", "Escape", "p", "Escape", "?", "?", "G", "k"]
            let sizes = [(30, 8), (200, 60), (1, 1), (61, 19), (100, 30), (45, 3), (80, 24), (133, 41)]
            for (i, (w, h)) in sizes.enumerated() {
                try session.resize(width: w, height: h)
                try session.send(keys[i % keys.count])
            }
            try session.resize(width: 100, height: 30)
            try session.send("Escape", "Escape")
            try session.waitFor("the wide layout") { $0.contains("┌─ Event") && $0.contains("j/k move") }
            Thread.sleep(forTimeInterval: 0.3)
            let settled = try session.screen()
            // Ctrl-L repaints everything from scratch: if that changes nothing, no garbage was left.
            try session.send("C-l")
            Thread.sleep(forTimeInterval: 0.3)
            #expect(try session.screen() == settled, "start \(width)×\(height)")
            try session.send("q")
            #expect(try session.exitStatus() == 0, "start \(width)×\(height)")
            #expect(try session.terminalRestored(), "start \(width)×\(height)")
        }
    }

    @Test func signalsInTheReaderAndMidRedraw() throws {
        let reader = try TmuxSession()
        try reader.waitFor("Timeline · 11 events")
        try reader.send("G", "Tab", "Tab", "Tab", "Tab", "Enter")
        try reader.waitFor("Source · Arirang News")
        kill(try #require(try reader.tlProcessID()), SIGTERM)
        #expect(try reader.exitStatus() == 143)
        #expect(try reader.terminalRestored())

        for signal in [SIGINT, SIGHUP, SIGTERM] {
            let busy = try TmuxSession()
            try busy.waitFor("Timeline · 11 events")
            let pid = try #require(try busy.tlProcessID())
            // Keys and resizes keep it drawing while the signal lands.
            try busy.send("j", "j", "k", "G", "g", "j", "Tab", "Tab", "BTab", "j")
            try busy.resize(width: 70, height: 20)
            kill(pid, signal)
            #expect(try busy.exitStatus() == Int(128 + signal), "signal \(signal)")
            #expect(try busy.terminalRestored(), "signal \(signal)")
        }
    }
}
