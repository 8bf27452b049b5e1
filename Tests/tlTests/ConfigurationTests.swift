import Configuration
import Foundation
import Testing
import TimelineUI

@Suite("Configuration: keys, colours and defaults")
struct ConfigurationTests {
    func parse(_ text: String) -> Result<Settings, ConfigProblems> { Settings.parse(text, file: "config.toml") }

    @Test func aConfigurationRebindsKeysSetsColoursAndDefaults() throws {
        let settings = try parse("""
            mouse = false

            [keys.timeline]
            move-down = ["x", "down"]
            move-up = ["u", "up"]

            [theme]
            focus-title = "bold white on 25"
            """).get()
        #expect(!settings.mouse)
        #expect(settings.keymap.table(.timeline).action(for: .character("x")) == .moveDown)
        #expect(settings.keymap.table(.timeline).action(for: .character("j")) == nil)
        #expect(settings.keymap.table(.reader).action(for: .character("j")) == .moveDown, "other modes keep their keys")
        let title = settings.theme.spec(.focusTitle, colours: true)
        #expect(title.bold && title.foreground == .indexed(7) && title.background == .indexed(25))
        #expect(try settings.theme.spec(.focusTitle, colours: false) == StyleSpec.parse("bold").get(), "without colours, its attributes")
    }

    @Test func everyProblemIsReportedWithItsLine() {
        guard case .failure(let problems) = parse("""
            mous = true
            [keys.timeline]
            nxt-pane = ["tab"]
            search = ["j"]
            help = ["f13"]
            [keys.timelime]
            [theme]
            title = "bold cyaan"
            bordr = "red"
            """) else { Issue.record("accepted"); return }
        let text = problems.description
        for expected in ["config.toml:1: unknown setting \"mous\"; did you mean \"mouse\"?",
                         "config.toml:3: unknown action \"nxt-pane\" in [keys.timeline]; did you mean \"next-pane\"?",
                         "config.toml:4: j is bound twice in [keys.timeline]: to move-down and search",
                         "config.toml:5: unknown key name \"f13\"",
                         "config.toml:6: unknown mode \"timelime\"; did you mean \"timeline\"?",
                         "config.toml:8: unknown colour or attribute \"cyaan\"",
                         "config.toml:9: unknown style \"bordr\"; did you mean \"border\"?"] {
            #expect(text.contains(expected), "\(expected)\n--- in ---\n\(text)")
        }
        #expect(problems.problems.map { $0.line ?? 0 } == problems.problems.map { $0.line ?? 0 }.sorted(), "in file order")
    }

    @Test func aSyntaxErrorSaysWhere() {
        guard case .failure(let problems) = parse("mouse = true\n[keys.timeline\nmove-down = [\"j\"]\n") else { Issue.record("accepted"); return }
        #expect(problems.description.hasPrefix("config.toml:2:"), "\(problems.description)")
        #expect(problems.description.contains("not valid TOML"))
    }

    @Test func theDefaultConfigurationReadsBackAsTheBuiltInOne() throws {
        let settings = try parse(Settings.defaultFile).get()
        #expect(settings.mouse)
        for table in Keymap.standard.all {
            let read = settings.keymap.table(table.mode)
            #expect(read.bindings.map(\.keys) == table.bindings.map(\.keys), "\(table.mode)")
        }
        for style in Style.allCases {
            #expect(settings.theme.spec(style, colours: true) == Theme.standard.spec(style, colours: true), "\(style)")
            #expect(settings.theme.spec(style, colours: false) == Theme.standard.spec(style, colours: false), "\(style) without colours")
        }
    }

    @Test func theCommandsCheckPrintAndList() throws {
        let folder = try temporaryFolder()
        let good = folder.appendingPathComponent("good.toml")
        try "[keys.timeline]\nmove-down = [\"x\"]\nmove-up = [\"u\"]\n".write(to: good, atomically: true, encoding: .utf8)
        let bad = folder.appendingPathComponent("bad.toml")
        try "[theme]\ntitle = \"purple\"\n".write(to: bad, atomically: true, encoding: .utf8)

        let check = try tl(["config", "--check", good.path])
        #expect(check.status == 0 && check.stdout.contains("fine"))
        let refused = try tl(["config", "--check", bad.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("bad.toml:2: unknown colour or attribute \"purple\""))
        // The browser checks its configuration before anything else, terminal or not.
        let browser = try tl(["--config", bad.path])
        #expect(browser.status == 2 && browser.stderr.contains("bad.toml:2:"))
        let missing = try tl(["--config", folder.appendingPathComponent("none.toml").path])
        #expect(missing.status == 2 && missing.stderr.contains("does not exist"))

        let keys = try tl(["keys", "--config", good.path])
        #expect(keys.status == 0)
        #expect(keys.stdout.contains("  x ") && keys.stdout.contains("Move down"))
        let printed = try tl(["config", "--default"])
        #expect(printed.status == 0 && printed.stdout == Settings.defaultFile)
    }

    @Test func theBrowserFollowsTheConfigurationAndNoColorWins() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("config.toml")
        try """
            [keys.timeline]
            move-down = ["x", "down"]
            move-up = ["u", "up"]
            [theme]
            focus-title = "bold green on 18"
            """.write(to: file, atomically: true, encoding: .utf8)
        let session = try TmuxSession(["--config", file.path], environment: "TERM=xterm-256color")
        let first = try session.waitFor("Timeline · 11 events")
        #expect(first.contains("x/u move"), "the hint bar names the rebound keys")
        try session.send("x")
        try session.waitFor("▶ Kudlow says a face-to-face")
        try session.send("?")
        let help = try session.waitFor("Keys · Timeline and panes")
        #expect(help.contains("x/↓"))
        try session.send("Escape")
        try session.waitFor("the help closed") { !$0.contains("Keys · ") }
        let styled = try session.tmux(["capture-pane", "-p", "-e", "-t", session.name])
        #expect(styled.contains("32;48;5;18m") || styled.contains("32m\u{1B}[48;5;18m") || styled.contains("48;5;18"), "the theme's colours are used")
        try session.send("q")
        #expect(try session.exitStatus() == 0)

        let mono = try TmuxSession(["--config", file.path], environment: "NO_COLOR=1 TERM=xterm-256color")
        try mono.waitFor("Timeline · 11 events")
        let plain = try mono.tmux(["capture-pane", "-p", "-e", "-t", mono.name])
        #expect(plain.firstMatch(of: /\e\[[0-9;]*(3[0-7]|4[0-7]|[34]8;5;[0-9]+)m/) == nil, "NO_COLOR wins over the theme")
        try mono.send("q")
    }
}
