import Foundation
import TestSupport
import Testing
import TimelineModel

@Suite("Hostile text: shown inert, never obeyed", .serialized)
struct HostileTextTests {
    func hostileDataset() throws -> URL {
        let (json, source) = HostileText.timeline()
        let folder = try temporaryFolder()
        try json.write(to: folder.appendingPathComponent("timeline.json"), atomically: true, encoding: .utf8)
        try source.write(to: folder.appendingPathComponent("wire.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func plainAndJSONOutputStayInert() throws {
        let data = try hostileDataset()
        let check = try tl(["check", "--data", data.path])
        #expect(check.status == 0, "\(check.stdout)")
        for arguments in [["events"], ["show", "said"], ["people"], ["person", "min"], ["measures"], ["measure", "tariff"],
                          ["sources"], ["source", "wire"], ["search", "PWNED"], ["check"]] {
            for json in [false, true] {
                let run = try tl(arguments + ["--data", data.path] + (json ? ["--json"] : []))
                #expect(run.status == 0, "\(arguments) \(run.stderr)")
                let unsafe = (run.stdout + run.stderr).unicodeScalars.filter { TerminalText.isUnsafe($0) && $0 != "\n" }
                #expect(unsafe.isEmpty, "\(arguments) json=\(json) printed \(unsafe.map { String($0.value, radix: 16) })")
                if !json {
                    for line in run.stdout.split(separator: "\n") where TerminalText.displayWidth(String(line)) > 80 {
                        Issue.record("\(arguments): a line is \(TerminalText.displayWidth(String(line))) cells: \(line)")
                    }
                }
            }
        }
        // JSON escapes, so a reader gets the exact text back.
        let json = try tl(["show", "said", "--json", "--data", data.path])
        let event = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(event["title"] as? String == "Minister keeps the tariff " + HostileText.all)
        let plain = try tl(["show", "said", "--data", data.path]).stdout
        #expect(plain.contains("^[]0;PWNED-TITLE^G"))
        #expect(plain.contains("<U+202E>evil"))
    }

    @Test func browserShowsItAndTheTerminalKeepsItsTitle() throws {
        let data = try hostileDataset()
        let session = try TmuxSession(["--data", data.path])
        // Let applications set tmux's clipboard (its buffers), so an OSC 52 that got through would show.
        try session.tmux(["set-option", "-s", "set-clipboard", "on"])
        let titleBefore = try session.tmux(["display", "-p", "-t", session.name, "#{pane_title}"])
        var screen = try session.waitFor("Timeline · 2 events")
        #expect(screen.contains("^[]0;PWNED-TITLE^G"))
        try session.send("j", "Tab", "Tab", "Tab", "Tab")
        screen = try session.waitFor("^[]52;c;")
        try session.send("Enter")
        screen = try session.waitFor("Source · Wire")
        try session.send("q", "p")
        screen = try session.waitFor("Filter:")
        try session.send("Escape", "/")
        try session.type("evil")
        try session.send("Enter")
        screen = try session.waitFor("search confirmed") { $0.contains("/evil ") && !$0.contains("/evil▏") }
        #expect(try session.tmux(["display", "-p", "-t", session.name, "#{pane_title}"]) == titleBefore)
        #expect(!(try session.tmux(["display", "-p", "-t", session.name, "#{pane_title}"]).contains("PWNED")))
        #expect(try session.tmux(["list-buffers"]).isEmpty, "data wrote the clipboard")
        // Every row ends at the pane's edge with a border: nothing pushed the frame out of line.
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(29)
        for (y, row) in rows.enumerated() {
            #expect(TerminalText.displayWidth(String(row)) <= 100, "row \(y) is too wide: \(row)")
        }
        for row in rows.dropFirst() where row.hasPrefix("│") {
            let aligned = TerminalText.displayWidth(String(row)) == 100 && "│┃┐┘".contains(row.last ?? " ")
            #expect(aligned, "a border is out of line (\(TerminalText.displayWidth(String(row))) cells): \(row.unicodeScalars.map { $0.value > 0x7E ? String(format: "<%X>", $0.value) : String($0) }.joined())")
        }
        try session.send("Escape", "q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }
}
