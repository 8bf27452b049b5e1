import Foundation
import Testing

/// What a new user hit in the browser, each checked in a real terminal.
@Suite("The browser's rough edges, in tmux", .serialized)
struct BrowserTests {
    @Test func anUnknownEventOrPersonIsReportedAfterTheScreenIsLeft() throws {
        for (arguments, message) in [(["--event", "nope"], "no event matches \"nope\""), (["--person", "nobody"], "no person matches \"nobody\""),
                                     (["--person", "l"], "be more specific")] {
            let session = try TmuxSession(arguments)
            #expect(try session.exitStatus() == 3, "\(arguments)")
            let screen = try session.waitFor(message)
            #expect(!screen.contains("┌─ Timeline"), "the message is on the terminal, not under a screen")
            #expect(try session.terminalRestored())
        }
    }

    @Test func eventAndPersonTogetherOpenThePersonOverTheEvent() throws {
        let session = try TmuxSession(["--event", "tariff-exemptions", "--person", "kudlow"])
        try session.waitFor("Larry Kudlow · involvement")
        try session.send("Escape")
        try session.waitFor("▶ US agrees to exempt 110 Chinese")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func aCutPaneSaysSoAndScrolls() throws {
        let session = try TmuxSession(["--event", "g20-truce"], width: 80, height: 24)
        let first = try session.waitFor("Timeline · 11 events")
        #expect(first.contains("more ─┘"), "the Event pane says it holds more")
        try session.send("Tab", "C-d", "C-d", "C-d")
        let scrolled = try session.waitFor("the end of the summary") { $0.contains("Huawei") && $0.contains("↑") }
        #expect(scrolled.contains("Event"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func theDerivationNoteIsShown() throws {
        let session = try TmuxSession(["--event", "tariff-exemptions"], width: 120, height: 40)
        let screen = try session.waitFor("The sources give no date")
        #expect(screen.contains("from “has also said it"))
        try session.send("q")
    }

    @Test func promptsAndHelpHaveTheirOwnHints() throws {
        let session = try TmuxSession()
        try session.waitFor("Timeline · 11 events")
        try session.send("p")
        let picker = try session.waitFor("Filter:")
        let bar = picker.split(separator: "\n").last.map(String.init) ?? ""
        #expect(bar.contains("Enter open") && bar.contains("Esc close"), "\(bar)")
        #expect(!bar.contains("q quit") && !bar.contains("j/k move"), "\(bar)")
        try session.type("jq")
        try session.waitFor("Filter: jq")
        try session.send("Escape", "?")
        let help = try session.waitFor("Keys · Timeline and panes")
        #expect(help.contains("j/k scroll") && help.contains("Esc close"))
        try session.send("Escape", "q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func theWayOutIsAlwaysInTheBar() throws {
        let session = try TmuxSession(width: 40, height: 12)
        try session.waitFor("Timeline · 11")
        try session.send("G", "Tab", "Tab", "Tab", "Tab", "Enter")
        let reader = try session.waitFor("Source · Arirang")
        let bar = reader.split(separator: "\n").last.map(String.init) ?? ""
        #expect(bar.contains("Esc back") && bar.contains("? help"), "\(bar)")
        try session.send("Escape", "Escape")
        for width in [60, 50, 40, 32] {
            try session.resize(width: width, height: 12)
            // Redrawn at the new width: the pane's box ends at the last column.
            let screen = try session.waitFor("the screen at \(width)") { screen in
                screen.split(separator: "\n").contains { $0.hasPrefix("┌─") && $0.hasSuffix("┐") && $0.count == width }
            }
            let bar = screen.split(separator: "\n").last.map(String.init) ?? ""
            #expect(bar.contains("q quit") && bar.contains("? help"), "\(width): \(bar)")
        }
        try session.resize(width: 31, height: 8)
        try session.waitFor("32×8")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func wideTerminalsShowWholeTitlesAndCountsAgree() throws {
        let session = try TmuxSession(width: 200, height: 50)
        let screen = try session.waitFor("Timeline · 11 events")
        #expect(screen.contains("Kudlow says a face-to-face meeting is likely"))
        #expect(screen.contains("US agrees to exempt 110 Chinese products from tariffs"))
        try session.send("p")
        try session.type("ross")
        try session.send("Enter")
        let ross = try session.waitFor("Wilbur Ross · involvement")
        #expect(ross.contains("1 event") && !ross.contains("1 events"))
        try session.send("q", "q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func followingAPersonComesBackToTheEventReached() throws {
        let session = try TmuxSession()
        try session.waitFor("Timeline · 11 events")
        try session.send("/")
        try session.type("huawei")
        try session.send("Enter", "Escape")
        try session.waitFor("Search “huawei” cleared")
        try session.send("p")
        try session.type("kudlow")
        try session.send("Enter")
        try session.waitFor("Larry Kudlow · involvement")
        try session.send("]")
        try session.waitFor("Larry Kudlow: event 2 of 2")
        try session.send("[", "Enter")
        try session.waitFor("Following Larry Kudlow: event 1 of 2")
        try session.send("]")
        try session.waitFor("▶ Kudlow: Huawei curbs")
        // Back in the person's view, Enter opens the event reached, not their first.
        try session.send("Escape")
        try session.waitFor("Larry Kudlow · involvement")
        try session.send("Enter")
        try session.waitFor("▶ Kudlow: Huawei curbs")
        try session.send("q", "q", "q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func pageAndEndKeysWorkOnVT100() throws {
        let session = try TmuxSession([], environment: "TERM=vt100")
        try session.waitFor("Timeline · 11 events")
        try session.send("End")
        try session.waitFor("▶ Ross: licences for sales to Huawei")
        try session.send("Home")
        try session.waitFor("▶ Trade war between the US and China")
        try session.send("NPage")
        try session.waitFor("a page down") { !$0.contains("▶ Trade war") && $0.contains("▶") }
        try session.send("PPage")
        try session.waitFor("▶ Trade war between the US and China")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test func focusShowsWithoutColourAndColoursReadOnLightBackgrounds() throws {
        // tmux shows the attributes tl used: reverse video (7) around the focused pane's title.
        let mono = try TmuxSession([], environment: "NO_COLOR=1")
        try mono.waitFor("Timeline · 11 events")
        try mono.send("Tab")
        try mono.waitFor("Event")
        Thread.sleep(forTimeInterval: 0.2)
        let styled = try mono.tmux(["capture-pane", "-p", "-e", "-t", mono.name])
        let eventTitle = try #require(styled.range(of: " Event "))
        let start = styled.index(eventTitle.lowerBound, offsetBy: -12, limitedBy: styled.startIndex) ?? styled.startIndex
        let before = String(styled[start..<eventTitle.lowerBound])
        #expect(before.contains("7m") || before.contains(";7"), "focused title not in reverse video: \(before.debugDescription)")
        #expect(styled.firstMatch(of: /\e\[[0-9;]*3[0-7]m/) == nil, "no colour with NO_COLOR")
        try mono.send("q")

        let colour = try TmuxSession([], environment: "TERM=xterm-256color")
        try colour.waitFor("Timeline · 11 events")
        let codes = try colour.tmux(["capture-pane", "-p", "-e", "-t", colour.name])
        // Cyan, yellow and blue text are faint on one background or the other.
        for faint in ["[36m", ";36m", "[33m", ";33m", "[34m", ";34m"] { #expect(!codes.contains(faint), "\(faint) used") }
        #expect(codes.contains("35m"), "magenta accents")
        try colour.send("q")
    }
}

@Suite("A TimelineJS file in the browser, in tmux")
struct TimelineJSTerminalTests {
    @Test func groupsErasAndMediaShowAndFilter() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("river.json")
        try """
            { "title": { "text": { "headline": "River towns" } },
              "eras": [ { "start_date": { "year": "1900" }, "end_date": { "year": "1910" }, "text": { "headline": "Flood decade" } } ],
              "events": [
                { "start_date": { "year": 1901, "month": "03", "day": "4" }, "group": "Weather", "text": { "headline": "First flood" } },
                { "start_date": { "year": "1905" }, "group": "Works", "text": { "headline": "Bridge built" },
                  "media": { "url": "https://example.org/bridge.jpg", "credit": "Town archive" } },
                { "start_date": { "year": 1920 }, "group": "Weather", "text": { "headline": "Second flood" } } ] }
            """.write(to: file, atomically: true, encoding: .utf8)
        let session = try TmuxSession(["--data", file.path], width: 80, height: 24)
        let first = try session.waitFor("Timeline · 3 events")
        #expect(first.contains("═"), "the era is shaded on the date axis")
        #expect(first.contains("Weather") && first.contains("Works"), "groups show in the timeline")
        #expect(first.contains("Era: Flood decade"))
        try session.send("f")
        // Typed once the prompt is up: under load a letter sent earlier once reached the timeline.
        try session.waitFor("filter: ▏")
        try session.type("group:Wor")
        try session.send("Tab", "Enter")
        let filtered = try session.waitFor("Timeline · 1 of 3 events")
        #expect(filtered.contains("Link: https://example.org/bridge.jpg"))
        try session.resize(width: 40, height: 12)
        try session.waitFor("the narrow layout") { $0.contains("Timeline  Event") || $0.contains(" Timeline Event") }
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }
}
