import Foundation
import Testing

/// Stars, notes, the last place and the clipboard, in a real terminal.
@Suite("Marks, notes, place and clipboard in tmux", .serialized)
struct MarksAndClipboardTests {
    func stateFiles(_ folder: URL) -> [URL] {
        let tl = folder.appendingPathComponent("tl")
        return ((try? FileManager.default.contentsOfDirectory(at: tl, includingPropertiesForKeys: nil)) ?? []).filter { $0.pathExtension == "json" }
    }

    /// A state folder whose timeline file holds one star, put there by the browser: the folder and the file.
    func stateWithAStar() throws -> (URL, URL) {
        let state = try temporaryFolder()
        let session = try TmuxSession([], environment: "XDG_STATE_HOME='\(state.path)'")
        try session.waitFor("Timeline · 11 events")
        try session.send("m")
        try session.waitFor("Starred")
        try session.send("q")
        _ = try session.exitStatus()
        return (state, try #require(stateFiles(state).first))
    }

    @Test func aStarANoteAndThePlaceSurviveARestart() throws {
        let state = try temporaryFolder()
        let environment = "XDG_STATE_HOME='\(state.path)'"
        let first = try TmuxSession([], environment: environment)
        try first.waitFor("Timeline · 11 events")
        try first.send("m", "j", "a")
        try first.waitFor("note: ")
        try first.type("ask Reuters")
        try first.send("Enter")
        try first.waitFor("Note kept")
        try first.send("p")
        try first.type("kudlow")
        try first.send("Enter")
        try first.waitFor("Larry Kudlow · involvement")
        try first.send("Q")
        #expect(try first.exitStatus() == 0)

        let second = try TmuxSession([], environment: environment)
        try second.waitFor("Larry Kudlow · involvement")
        try second.send("Escape")
        let timeline = try second.waitFor("▶ Kudlow says a face-to-face")
        #expect(timeline.contains("★"), "the star is kept")
        #expect(timeline.contains("✎ ask Reuters"), "the note is kept")
        try second.send("q")

        let fresh = try TmuxSession(["--fresh"], environment: environment)
        try fresh.waitFor("▶ Trump and Xi agree a truce")
        try fresh.send("q")

        let notes = try tl(["notes"], environment: ["XDG_STATE_HOME": state.path])
        #expect(notes.stdout.contains("★ Sat 29 Jun 2019  g20-truce"))
        #expect(notes.stdout.contains("✎ ask Reuters"))
        let starred = try tl(["events", "--starred"], environment: ["XDG_STATE_HOME": state.path])
        #expect(starred.stdout.contains("g20-truce") && !starred.stdout.contains("trade-war"))
    }

    @Test func aKillDuringAWriteLeavesTheOldFile() throws {
        // The first star is written whole; the second write pauses before its rename and tl is killed there.
        let (state, file) = try stateWithAStar()
        let before = try Data(contentsOf: file)

        let session = try TmuxSession([], environment: "XDG_STATE_HOME='\(state.path)' TL_TEST_PAUSE_BEFORE_RENAME=30")
        try session.waitFor("Timeline · 11 events")
        try session.send("j", "m")
        let folder = file.deletingLastPathComponent()
        var temporary: URL?
        for _ in 0..<TmuxSession.patience {
            temporary = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil))?.first { $0.lastPathComponent.hasSuffix(".tmp") }
            if temporary != nil { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(temporary != nil, "the new state was being written")
        let pid = try #require(try session.tlProcessID())
        kill(pid, SIGKILL)
        _ = try session.exitStatus()
        #expect(try Data(contentsOf: file) == before, "the old file is whole")
        let still = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(still["starred"] as? [String] == ["g20-truce"])
    }

    @Test func aCorruptStateFileIsSetAsideAndReported() throws {
        let (state, file) = try stateWithAStar()
        try Data("{\"starred\": [oops".utf8).write(to: file)

        let session = try TmuxSession([], environment: "XDG_STATE_HOME='\(state.path)'")
        let screen = try session.waitFor("set aside")
        #expect(screen.contains("Timeline · 11 events"), "the browser opens anyway")
        #expect(FileManager.default.fileExists(atPath: file.path + ".corrupt"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func aCitationReachesTmuxsBufferAndTheClipboardFile() throws {
        let folder = try temporaryFolder()
        let clipboard = folder.appendingPathComponent("clipboard.txt")
        let session = try TmuxSession([], environment: "TL_CLIPBOARD_FILE='\(clipboard.path)'")
        try session.tmux(["set-option", "-g", "set-clipboard", "on"])
        try session.waitFor("Timeline · 11 events")
        try session.send("G", "y")
        try session.waitFor("Copied the quote")
        let expected = "“Plus, in a surprise announcement Tuesday,... U.S. Commerce Secretary Wilbur Ross said Washington will issue licenses"
        var buffer = ""
        for _ in 0..<TmuxSession.patience {
            buffer = (try? session.tmux(["show-buffer"])) ?? ""
            if buffer.contains("Wilbur Ross") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(buffer.hasPrefix(expected), "tmux buffer: \(buffer)")
        #expect(try String(contentsOf: clipboard, encoding: .utf8).hasPrefix(expected))
        try session.send("Y")
        try session.waitFor("Copied the event as Markdown")
        #expect(try String(contentsOf: clipboard, encoding: .utf8).hasPrefix("## Tue 9 Jul 2019 — Ross: licences"))
        try session.send("q")
    }

    @Test func asOfFilterJumpCompareAndTheReadersSearchAtTheSmallestSizes() throws {
        let session = try TmuxSession([], width: 80, height: 24)
        try session.waitFor("Timeline · 11 events")
        try session.send("@")
        try session.waitFor("as of: 2019-06-29")
        try session.send("Enter")
        try session.waitFor("as of Sat 29 Jun 2019")
        try session.send("f")
        // Typed once the prompt is up: under load a letter sent earlier once reached the timeline.
        try session.waitFor("filter: ▏")
        try session.type("person:kud")
        try session.send("Tab", "Enter")
        try session.waitFor("Timeline · 2 of 11 events")
        try session.send("F", "t")
        try session.type("2019-07-08")
        try session.send("Enter")
        try session.waitFor("▶ US agrees to exempt 110")
        try session.resize(width: 40, height: 12)
        try session.send("s")
        try session.waitFor("Sources side by side")
        try session.send("Escape", "Tab", "Tab", "Tab", "Tab", "Enter")
        try session.waitFor("Source · Arirang")
        try session.send("/")
        try session.type("hiatus")
        try session.send("Enter")
        let found = try session.waitFor("hiatus")
        #expect(found.contains("Esc back"))
        try session.send("Escape", "Escape", "q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }
}
