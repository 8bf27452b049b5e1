import Foundation
import Testing

/// Writing a timeline with tl open beside it: saves show at once, problems show inside, the
/// editor opens where the selection is.
@Suite("Editing and live reload in tmux", .serialized)
struct AuthoringTests {
    func replace(_ old: String, with new: String, in file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        try #require(text.contains(old), "the timeline has \(old)")
        // Written in place, as some editors save (truncate, then write).
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: file)
    }

    @Test func savesShowAtOnceAndProblemsShowInside() throws {
        let data = try copyOfData()
        let timeline = data.appendingPathComponent("timeline.json")
        // Wide enough for whole titles in the timeline.
        let session = try TmuxSession(["--data", data.path], width: 160, height: 40)
        try session.waitFor("▶ Trump and Xi agree a truce at the G20")

        try replace("\"title\": \"Trump and Xi agree a truce at the G20\"", with: "\"title\": \"Trump and Xi agree a truce in Osaka\"", in: timeline)
        try session.waitFor("▶ Trump and Xi agree a truce in Osaka")

        // A quote that is no longer verbatim: the problems view comes up, the timeline stays.
        try replace("\"text\": \"The leaders didn’t outline a time frame", with: "\"text\": \"The leaders didn't outline a time frame", in: timeline)
        let problems = try session.waitFor("Problems · 1 problem")
        #expect(problems.contains("not verbatim"))
        try session.send("Escape")
        try session.waitFor("▶ Trump and Xi agree a truce in Osaka")
        try session.send("!")
        try session.waitFor("Problems · 1 problem")
        try session.send("j", "Enter")
        try session.waitFor("the event the problem concerns") { $0.contains("▶ Trump and Xi agree a truce in Osaka") && !$0.contains("Problems ·") }
        try session.send("!")
        try session.waitFor("Problems · 1 problem")

        // Fixed: the problem goes, and so does the view.
        try replace("\"text\": \"The leaders didn't outline a time frame", with: "\"text\": \"The leaders didn’t outline a time frame", in: timeline)
        let fixed = try session.waitFor("Reloaded: the problems are gone")
        #expect(!fixed.contains("Problems ·"), "the problems view gave way to the view under it")
        try session.send("Q")
        #expect(try session.exitStatus() == 0)
    }

    /// A browser on a copy of the data whose EDITOR is a shell script with `body`, with `e`
    /// pressed on the opening event: the data folder and the session.
    func editing(with body: (URL) -> String) throws -> (data: URL, folder: URL, session: TmuxSession) {
        let data = try copyOfData()
        let folder = try temporaryFolder()
        let editor = folder.appendingPathComponent("editor.sh")
        try ("#!/bin/sh\n" + body(folder)).write(to: editor, atomically: true, encoding: .utf8)
        chmod(editor.path, 0o755)
        let session = try TmuxSession(["--data", data.path], environment: "EDITOR='\(editor.path)'")
        try session.waitFor("▶ Trump and Xi agree a truce")
        try session.send("e")
        return (data, folder, session)
    }

    @Test func eOpensTheEditorAtTheSelectedItem() throws {
        // An editor that records its arguments.
        let (data, folder, session) = try editing { "echo \"$@\" > '\($0.appendingPathComponent("arguments").path)'\n" }
        let recorded = folder.appendingPathComponent("arguments")
        var arguments = ""
        for _ in 0..<TmuxSession.patience {
            arguments = (try? String(contentsOf: recorded, encoding: .utf8)) ?? ""
            if !arguments.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let parts = arguments.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let timeline = try String(contentsOf: data.appendingPathComponent("timeline.json"), encoding: .utf8).components(separatedBy: "\n")
        #expect(parts.count == 2 && parts[1].hasSuffix("timeline.json"), "\(arguments)")
        let line = Int(parts.first?.dropFirst() ?? "") ?? 0
        #expect(timeline.indices.contains(line - 1) && timeline[line - 1].contains("\"id\": \"g20-truce\""), "+LINE is the event's: \(arguments)")
        // Back from the editor, the browser is whole again.
        try session.waitFor("the browser redrawn") { $0.contains("▶ Trump and Xi agree a truce") && $0.contains("? help") }
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func ctrlCInTheEditorIsTheEditors() throws {
        // An editor that waits until interrupted.
        let (_, _, session) = try editing { _ in "trap 'exit 0' INT\necho EDITING\nwhile :; do sleep 0.1; done\n" }
        try session.waitFor("EDITING")
        try session.send("C-c")
        try session.waitFor("the browser back") { $0.contains("▶ Trump and Xi agree a truce") && $0.contains("? help") }
        try session.send("q")
        #expect(try session.exitStatus() == 0, "the Ctrl-C was the editor's, not tl's")
        #expect(try session.terminalRestored())
    }

    @Test func aFileRewrittenWhileItLoadsNeverKillsTl() throws {
        let folder = try temporaryFolder()
        let generator = tlBinary.deletingLastPathComponent().appendingPathComponent("tl-generate")
        try #require(try spawn(generator.path, ["--events", "100000", "--seed", "5", "--output", folder.path]).status == 0)
        let file = folder.appendingPathComponent("timeline.json")
        let whole = try Data(contentsOf: file)
        let session = try TmuxSession(["--data", folder.path])
        try session.waitFor("the load under way", settled: false) { $0.contains("Loading ") || $0.contains("so far") }
        // Truncated, then rewritten, as an editor saving in place does.
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 1000)
        try handle.close()
        try whole.write(to: file)
        let screen = try session.waitFor("the load ended, either way") { $0.contains("Timeline · 100,000 events ─") || $0.contains("problem") }
        #expect(!screen.contains("Bus error"))
        if screen.contains("Timeline · ") { try session.send("q") }
        let status = try session.exitStatus()
        #expect(status == 0 || status == 1, "exit \(String(describing: status)): no crash")
        #expect(try session.terminalRestored())
    }
}

@Suite("A timeline with problems opens anyway, in tmux")
struct ProblemsAtTheStartTests {
    @Test func whatHoldsTogetherIsBrowsableBesideTheProblems() throws {
        let data = try copyOfData()
        let timeline = data.appendingPathComponent("timeline.json")
        let text = try String(contentsOf: timeline, encoding: .utf8)
        try text.replacingOccurrences(of: "\"text\": \"The leaders didn’t outline a time frame", with: "\"text\": \"The leaders didn't outline a time frame")
            .write(to: timeline, atomically: true, encoding: .utf8)
        // tl check is unchanged: it fails.
        #expect(try tl(["check", "--data", data.path]).status == 1)
        let session = try TmuxSession(["--data", data.path])
        let problems = try session.waitFor("Problems · 1 problem")
        #expect(problems.contains("typography only") && problems.contains("$.events[3].quotes[1].text"))
        try session.send("Escape")
        // The event with the problem is left out until it is mended; the other ten are there.
        let browser = try session.waitFor("the events that hold together") { $0.contains("Timeline · 10 events") && $0.contains("1 problem") }
        #expect(!browser.contains("Trump and Xi agree a truce"))
        try Data(text.utf8).write(to: timeline)
        let mended = try session.waitFor("Reloaded: the problems are gone")
        #expect(mended.contains("Timeline · 11 events"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func aFileThatIsNotJSONStillStopsWithItsPlace() throws {
        let data = try copyOfData()
        try Data("{ \"format\": ".utf8).write(to: data.appendingPathComponent("timeline.json"))
        let session = try TmuxSession(["--data", data.path])
        #expect(try session.exitStatus() == 1)
        #expect(try session.screen().contains("timeline.json:1:"))
        #expect(try session.terminalRestored())
    }
}
