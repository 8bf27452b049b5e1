import Testing
import TimelineModel
@testable import TimelineUI

@Suite("Reducer: every action")
struct ReducerTests {
    func id(_ s: AppState) -> String { s.timeline.events[s.selected].id }

    @Test func moveDownAndUpStepThroughEventsAndStopAtTheEnds() {
        var s = state()
        #expect(id(s) == "trade-war")
        s.handle(.key(.character("k")))
        #expect(id(s) == "trade-war")
        s.handle(.key(.character("j")))
        s.handle(.key(.down))
        #expect(id(s) == "huawei-entity-list")
        s.handle(.key(.up))
        #expect(id(s) == "talks-stall")
    }

    @Test func firstLastAndPages() {
        var s = state(Size(width: 100, height: 30))
        s.handle(.key(.character("G")))
        #expect(id(s) == "ross-huawei-licences")
        s.handle(.key(.home))
        #expect(id(s) == "trade-war")
        s.handle(.key(.end))
        s.handle(.key(.character("g")))
        #expect(s.selected == 0)
        s.handle(.key(.pageDown))
        #expect(s.selected == 9)
        s.handle(.key(.control("u")))
        #expect(s.selected == 0)
        var small = state(Size(width: 60, height: 12))
        small.handle(.key(.control("d")))
        #expect(small.selected > 0 && small.selected < 9)
    }

    @Test func selectionStaysInViewWhileScrolling() {
        var s = state(Size(width: 60, height: 12))
        for _ in 0..<10 {
            s.handle(.key(.down))
            guard case .narrow(_, let rect, _) = s.layout else { Issue.record("not narrow"); return }
            let row = s.rowOfEvent[s.selected]
            #expect(row >= s.timelineScroll && row < s.timelineScroll + s.timelineListHeight(rect))
            #expect(s.render().lines.contains { $0.contains("▶") })
        }
    }

    @Test func tabAndShiftTabCyclePanes() {
        var s = state()
        s.handle(.key(.tab))
        #expect(s.focus == .event)
        s.handle(.key(.tab)); s.handle(.key(.tab)); s.handle(.key(.tab))
        #expect(s.focus == .quotes)
        s.handle(.key(.tab))
        #expect(s.focus == .timeline)
        s.handle(.key(.backTab))
        #expect(s.focus == .quotes)
    }

    @Test func enterOnTheTimelineGoesToThePeopleThenOpensAnInvolvement() {
        var s = state(Size(width: 100, height: 30), [.end])
        s.handle(.key(.enter))
        #expect(s.focus == .people)
        s.handle(.key(.enter))
        guard case .involvement(let p, _) = s.view else { Issue.record("no involvement view"); return }
        #expect(s.timeline.people[p].id == "ross")
    }

    @Test func involvementJumpThenBracketsThenBackStack() throws {
        var s = state(Size(width: 100, height: 30), keys("p") + keys("kudlow") + [.enter])
        guard case .involvement = s.view else { Issue.record("picker did not open kudlow"); return }
        s.handle(.key(.enter))
        #expect(s.view == .browse)
        #expect(id(s) == "kudlow-on-the-cards")
        #expect(s.message?.contains("Following Larry Kudlow: event 1 of 2") == true)
        s.handle(.key(.character("]")))
        #expect(id(s) == "kudlow-huawei-purchases")
        s.handle(.key(.character("]")))
        #expect(id(s) == "kudlow-huawei-purchases")
        #expect(s.message == "No later event for Larry Kudlow")
        s.handle(.key(.character("[")))
        #expect(id(s) == "kudlow-on-the-cards")
        s.handle(.key(.escape))
        guard case .involvement(let p, _) = s.view else { Issue.record("Esc did not return to the involvement"); return }
        #expect(s.timeline.people[p].id == "kudlow")
        s.handle(.key(.escape))
        #expect(s.view == .browse)
        #expect(id(s) == "trade-war")
    }

    @Test func bracketsWithoutAPersonSaySo() {
        var s = state()
        s.handle(.key(.character("]")))
        #expect(s.message?.hasPrefix("Follow someone first") == true)
    }

    @Test func measureHistoryJumpsToTheEventOfAChange() {
        var s = state(Size(width: 100, height: 30), [.end, .tab, .tab, .tab])
        #expect(s.focus == .measures)
        s.handle(.key(.enter))
        guard case .measureHistory(let m, _) = s.view else { Issue.record("no history"); return }
        #expect(s.timeline.measures[m].id == "huawei-licences")
        s.handle(.key(.enter))
        #expect(id(s) == "g20-truce")
        s.handle(.key(.character("q")))
        guard case .measureHistory = s.view else { Issue.record("q did not go back"); return }
    }

    @Test func quoteOpensTheReaderAtThatPassageAndNSteps() {
        var s = state(Size(width: 100, height: 30), [.end, .tab, .tab, .tab, .tab])
        s.handle(.key(.enter))
        guard case .reader(let source, let citation, _) = s.view else { Issue.record("no reader"); return }
        let quote = s.timeline.citationsOfSource[source][citation].quote
        #expect(quote == s.timeline.events[s.timeline.eventIndex["ross-huawei-licences"]!].quotes[0])
        #expect(s.render().lines.contains { $0.contains("▌ Plus, in a surprise announcement Tuesday") })
        s.handle(.key(.character("n")))
        guard case .reader(_, let next, _) = s.view else { return }
        #expect(next == citation + 1)
        s.handle(.key(.character("N"))); s.handle(.key(.character("N")))
        guard case .reader(_, let previous, _) = s.view else { return }
        #expect(previous == citation - 1)
        s.handle(.key(.enter))
        #expect(s.view == .browse)
    }

    @Test func readerScrollsAndClamps() {
        var s = state(Size(width: 60, height: 12), [.end, .tab, .tab, .tab, .tab, .enter])
        s.handle(.key(.character("g")))
        guard case .reader(_, _, let top) = s.view else { return }
        #expect(top == 0)
        s.handle(.key(.character("G")))
        guard case .reader(_, _, let bottom) = s.view else { return }
        #expect(bottom > 0)
        s.handle(.key(.down))
        guard case .reader(_, _, let still) = s.view else { return }
        #expect(still == bottom)
    }

    @Test func incrementalSearchSelectsAndEscRestores() {
        var s = state(Size(width: 100, height: 30), [.down, .down, .down])
        let start = s.selected
        for key in keys("/kudlow") { s.handle(.key(key)) }
        #expect(id(s) == "kudlow-on-the-cards")
        #expect(s.hitEvents.count >= 2)
        s.handle(.key(.escape))
        #expect(s.selected == start)
        #expect(s.searchQuery == nil)
    }

    @Test func searchStepsWithNAndWraps() {
        var s = state(Size(width: 100, height: 30), keys("/Huawei") + [.enter])
        let hits = s.hitEvents
        #expect(hits.count == 4)
        #expect(s.selected == hits[0])
        s.handle(.key(.character("n")))
        #expect(s.selected == hits[1])
        s.handle(.key(.character("N"))); s.handle(.key(.character("N")))
        #expect(s.selected == hits[3])
        #expect(s.message == "Search wrapped to the last hit")
        s.handle(.key(.escape))
        #expect(s.searchQuery == nil)
    }

    @Test func searchIsSmartCase() {
        let lower = state(Size(width: 100, height: 30), keys("/huawei") + [.enter]).hitEvents
        let wrong = state(Size(width: 100, height: 30), keys("/HUAWEI") + [.enter])
        #expect(lower.count == 4)
        #expect(wrong.hitEvents.isEmpty)
        #expect(wrong.message == "Nothing matches “HUAWEI”")
    }

    @Test func searchPromptEditing() {
        var s = state(Size(width: 100, height: 30), keys("/xyz"))
        s.handle(.key(.backspace)); s.handle(.key(.backspace))
        guard case .searchPrompt(let text, _) = s.overlay else { Issue.record("prompt closed"); return }
        #expect(text == "x")
        s.handle(.key(.control("u")))
        guard case .searchPrompt(let empty, _) = s.overlay else { return }
        #expect(empty.isEmpty)
        s.handle(.key(.enter))
        #expect(s.overlay == nil && s.searchQuery == nil)
    }

    @Test func peoplePickerFiltersAndNavigates() {
        var s = state(Size(width: 100, height: 30), keys("p"))
        #expect(s.pickerPeople(filter: "").count == s.timeline.people.count)
        for key in keys("li") { s.handle(.key(key)) }
        let names = s.pickerPeople(filter: "li").map { s.timeline.people[$0].id }
        #expect(names.contains("lighthizer") && names.contains("liu-he"))
        s.handle(.key(.down))
        s.handle(.key(.enter))
        guard case .involvement(let p, _) = s.view else { Issue.record("no involvement"); return }
        #expect(s.timeline.people[p].id == names[1])
        var closed = state(Size(width: 100, height: 30), keys("p") + [.escape])
        #expect(closed.overlay == nil)
        closed.handle(.key(.character("q")))
        #expect(closed.quit)
    }

    @Test func helpToggles() {
        var s = state(Size(width: 100, height: 30), keys("?"))
        #expect(s.overlay == .help(scroll: 0))
        s.handle(.key(.character("j")))
        s.handle(.key(.character("?")))
        #expect(s.overlay == nil)
        s.handle(.key(.character("?")))
        s.handle(.key(.escape))
        #expect(s.overlay == nil)
        #expect(!s.quit)
    }

    @Test func quitOnlyAtTheTopLevel() {
        var s = state(Size(width: 100, height: 30), [.end, .enter, .enter])
        s.handle(.key(.character("q")))
        #expect(!s.quit)
        #expect(s.view == .browse)
        s.handle(.key(.character("q")))
        #expect(s.quit)
    }

    @Test func escAtTheTopLevelDoesNotQuit() {
        var s = state()
        s.handle(.key(.escape))
        #expect(!s.quit)
        #expect(s.message == "Nothing to go back to · q quits")
    }

    @Test func redrawIsRequested() {
        let s = state(Size(width: 100, height: 30), [.control("l")])
        #expect(s.redrawRequested)
    }

    @Test func unboundKeySaysSo() {
        let s = state(Size(width: 100, height: 30), [.character("z")])
        #expect(s.message == "z does nothing here · ? lists the keys")
    }

    @Test func resizeRelayoutsAndKeepsTheSelection() {
        var s = state(Size(width: 100, height: 30), [.end])
        s.handle(.resize(Size(width: 40, height: 12)))
        guard case .narrow = s.layout else { Issue.record("not narrow at 40×12"); return }
        #expect(id(s) == "ross-huawei-licences")
        s.handle(.resize(Size(width: 10, height: 3)))
        #expect(s.layout == .tooSmall)
        #expect(s.render().lines[1].contains("Terminal"))
        s.handle(.resize(Size(width: 120, height: 40)))
        guard case .wide = s.layout else { Issue.record("not wide"); return }
    }

    @Test func mouseClickSelectsAndFocuses() {
        var s = state()
        guard case .wide(let panes, _) = s.layout else { return }
        let timeline = panes[.timeline]!
        let row = s.rowOfEvent[3]
        s.handle(.mouse(.left, x: timeline.x + 5, y: timeline.y + 3 + row - s.timelineScroll))
        #expect(s.selected == 3)
        let people = panes[.people]!
        s.handle(.mouse(.left, x: people.x + 3, y: people.y + 1))
        #expect(s.focus == .people)
        s.handle(.mouse(.wheelDown, x: timeline.x + 5, y: timeline.y + 5))
        #expect(s.selected == 4)
        var off = AppState(timeline: bundled, size: Size(width: 100, height: 30), mouse: false)
        off.handle(.mouse(.wheelDown, x: 5, y: 5))
        #expect(off.selected == 0)
    }

    @Test func openingOptions() {
        var s = AppState(timeline: bundled, size: Size(width: 100, height: 30))
        s.open(.event(bundled.eventIndex["g20-truce"]!))
        #expect(id(s) == "g20-truce")
        var p = AppState(timeline: bundled, size: Size(width: 100, height: 30))
        p.open(.person(bundled.personIndex["xi"]!))
        guard case .involvement = p.view else { Issue.record("not on the person"); return }
        p.handle(.key(.escape))
        #expect(p.view == .browse)
    }
}

@Suite("One table drives keys, help and hints")
struct ActionTableTests {
    @Test func everyKeyMapsToItsAction() {
        for action in Action.allCases {
            for key in action.keys { #expect(Action.byKey[key] == action, "\(key.label)") }
        }
        let keys = Action.allCases.flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "a key is bound twice")
    }

    @Test func helpListsEveryActionWithItsKeys() {
        let s = state(Size(width: 200, height: 60), keys("?"))
        let screen = s.render().lines.joined(separator: "\n")
        for action in Action.allCases {
            #expect(screen.contains(action.keyLabels), "\(action) keys missing from help")
            #expect(screen.contains(String(action.help.prefix(20))), "\(action) help missing")
        }
    }

    @Test func hintBarShowsOnlyBoundHints() {
        let bar = state(Size(width: 200, height: 60)).render().lines.last!
        for action in [Action.moveDown, .nextPane, .open, .search, .pickPerson, .help, .quit] {
            #expect(bar.contains(action.hintKeys + " " + action.hint!), "\(action)")
        }
    }
}

@Suite("Styling")
struct StyleTests {
    @Test func selectedRowIsHighlightedAndMatchesStayVisible() {
        let s = state(Size(width: 100, height: 30), keys("/Huawei") + [.enter])
        let buffer = s.render()
        let row = buffer.lines.firstIndex { $0.contains("▶ Huawei put on the Entity List") }!
        let styles = buffer.styleLines[row]
        #expect(styles.contains("S"))
        #expect(styles.contains("MMMMMM"))
    }

    @Test func focusedPaneBorderIsMarked() {
        let s = state(Size(width: 100, height: 30), [.tab, .tab])
        let buffer = s.render()
        guard case .wide(let panes, _) = s.layout else { return }
        #expect(buffer[panes[.people]!.x, panes[.people]!.y].style == .borderFocused)
        #expect(buffer[panes[.timeline]!.x, panes[.timeline]!.y].style == .border)
    }

    @Test func readerMarksTheCurrentPassage() {
        let s = state(Size(width: 100, height: 30), [.end, .tab, .tab, .tab, .tab, .enter])
        let buffer = s.render()
        let row = buffer.lines.firstIndex { $0.contains("Plus, in a surprise announcement") }!
        #expect(buffer.styleLines[row].contains("CCCCCCCCCC"))
    }
}

@Suite("Wide and hostile text")
struct TextRenderingTests {
    @Test func wideCharactersNeverSplitAndRowsKeepTheirWidth() {
        var buffer = ScreenBuffer(size: Size(width: 9, height: 2))
        buffer.put("习近平主席", x: 0, y: 0, style: .normal)
        buffer.put("ab习近平", x: 0, y: 1, style: .normal, limit: 5)
        #expect(buffer.lines[0] == "习近平主…")
        #expect(buffer.lines[1] == "ab习…    ")
        for line in buffer.lines { #expect(TerminalText.displayWidth(line) == 9) }
        buffer.put("x", x: 1, y: 0, style: .normal)
        #expect(buffer.lines[0] == " x近平主…")
    }

    @Test func controlSequencesInDataAreShownInert() {
        var buffer = ScreenBuffer(size: Size(width: 30, height: 1))
        buffer.put("a\u{1B}]0;t\u{7}b\u{202E}c", x: 0, y: 0, style: .normal)
        #expect(buffer.lines[0].hasPrefix("a^[]0;t^Gb<U+202E>c"))
        expectWellFormed(buffer)
    }
}

@Suite("Browsing while a timeline loads")
struct PreviewTests {
    /// 300 events, one a day (the bundled ones over and over), so that the timeline pane scrolls.
    static let whole: Timeline = {
        let events = (0..<300).map { i in
            var event = bundled.events[i % bundled.events.count]
            event.id = "event-\(i)"
            event.date = EventDate(date: TimelineDate(day: CivilDay(dayNumber: 18_000 + i)), derivation: nil)
            event.background = false
            return event
        }
        return Timeline(title: bundled.title, description: nil, sources: bundled.sources, people: bundled.people, measures: [], events: events)
    }()
    /// The same as a preview would show it part-way through: every other event.
    static let partial = Timeline(title: whole.title, description: nil, sources: whole.sources, people: whole.people,
                                  measures: [], events: whole.events.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
    static let reading = LoadProgress(.reading, done: 40, total: 100, events: 5)

    func preview() -> AppState {
        var s = AppState(timeline: PreviewTests.partial, size: Size(width: 100, height: 30))
        s.loading = PreviewTests.reading
        return s
    }

    @Test func movingWorksAndWhatNeedsTheWholeTimelineWaits() {
        var s = preview()
        s.handle(.key(.character("j")))
        #expect(s.selected == 1)
        for key in [Key.enter, .character("/"), .character("p"), .character("n"), .character("]")] {
            s.handle(.key(key))
            #expect(s.view == .browse && s.overlay == nil, "\(key)")
            #expect(s.message?.hasPrefix("Still loading (32%)") == true, "\(key)")
        }
        s.handle(.key(.character("?")))
        #expect(s.overlay == .help(scroll: 0))
    }

    @Test func theScreenSaysItIsAPreview() {
        let lines = preview().render().lines
        #expect(lines[0].contains("Timeline · 150 events so far"))
        #expect(lines[29].contains("loading 32%"))
        #expect(!lines[29].contains("search"), "the bar offers only what works while loading")
    }

    @Test func theSelectedEventStaysSelectedOnItsRowAsEventsArrive() {
        var s = preview()
        for _ in 0..<60 { s.handle(.key(.character("j"))) }
        s.handle(.key(.enter))
        let chosen = s.timeline.events[s.selected].id
        let row = s.rowOfEvent[s.selected] - s.timelineScroll
        let next = s.replacingTimeline(PreviewTests.whole, loading: nil)
        #expect(next.timeline.events[next.selected].id == chosen)
        #expect(next.rowOfEvent[next.selected] - next.timelineScroll == row)
        #expect(next.loading == nil)
        #expect(!next.render().lines[0].contains("so far"))
        #expect(next.message == nil, "“Still loading” no longer holds")
    }

    @Test func theFirstEventStaysFirstWhenEarlierOnesArrive() {
        let s = preview()
        #expect(s.selected == 0)
        let next = s.replacingTimeline(PreviewTests.whole, loading: PreviewTests.reading)
        #expect(next.selected == 0)
        #expect(next.timeline.events[0].id == "event-0")
    }
}
