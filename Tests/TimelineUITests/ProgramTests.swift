import Testing
import TimelineModel
@testable import TimelineUI

@Suite("The program: loading, opening, effects")
struct ProgramTests {
    let size = Size(width: 100, height: 30)

    @Test func aQuickLoadShowsNothingUntilTheTimelineIsThere() {
        var program = Program(name: "t.json", size: size)
        #expect(program.render() == nil)
        #expect(program.handle(.key(.character("j"))).isEmpty)
        program.handle(.loaded(bundled))
        #expect(program.isLoaded)
        #expect(program.render()?.lines[0].contains("Timeline · 11 events") == true)
    }

    @Test func aSlowLoadShowsProgressAndOnlyQuitAndRedrawWork() {
        var program = Program(name: "wire.json", size: size)
        program.handle(.loadProgress(LoadProgress(.reading, done: 50, total: 100, events: 7)))
        let screen = program.render()?.lines.joined(separator: "\n") ?? ""
        #expect(screen.contains("Loading wire.json") && screen.contains("q quit"))
        #expect(program.handle(.key(.character("j"))).isEmpty)
        #expect(program.handle(.key(.control("l"))) == [.redraw])
        #expect(program.handle(.key(.character("q"))) == [.quit])
    }

    @Test func signalsAndFailuresEndTheProgram() {
        var program = Program(name: "t", size: size)
        #expect(program.handle(.signal(15)) == [.exit(143)])
        var browsing = Program(name: "t", size: size)
        browsing.handle(.loaded(bundled))
        #expect(browsing.handle(.signal(1)) == [.keep(Marks(), Place(event: "g20-truce", view: .timeline)), .exit(129)], "where the reader was is kept")
        guard case .failure(let error) = TimelineLoader.load(.memory(["timeline.json": "{"], label: "broken")) else { Issue.record("loaded"); return }
        #expect(program.handle(.loadFailed(error)) == [.loadFailed(error, whileBrowsing: false)])
        program.handle(.preview(PreviewTests.partial, PreviewTests.reading))
        #expect(program.handle(.loadFailed(error)) == [.loadFailed(error, whileBrowsing: true)])
    }

    @Test func anUnknownEventOrPersonEndsBeforeAnythingIsDrawn() {
        var program = Program(name: "t", size: size, request: OpeningRequest(event: "nope"))
        let effects = program.handle(.loaded(bundled))
        guard case .notFound(let failure)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(failure.kind == .event && failure.query == "nope" && failure.candidates.isEmpty)
        var ambiguous = Program(name: "t", size: size, request: OpeningRequest(person: "l"))
        guard case .notFound(let several)? = ambiguous.handle(.loaded(bundled)).first else { Issue.record("not ambiguous"); return }
        #expect(several.candidates.count > 1)
    }

    @Test func eventAndPersonTogetherOpenThePersonOverTheEvent() {
        var program = Program(name: "t", size: size, request: OpeningRequest(event: "tariff-exemptions", person: "kudlow"))
        program.handle(.loaded(bundled))
        #expect(program.state?.involvedPerson == "kudlow")
        program.handle(.key(.escape))
        #expect(program.state?.onTimeline == true)
        #expect(program.state?.selectedID == "tariff-exemptions")
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
        return Timeline(title: bundled.title, description: nil, sources: Array(bundled.sources), people: bundled.people, measures: [], events: events)
    }()
    /// The same as a preview would show it part-way through: every other event.
    static let partial = Timeline(title: whole.title, description: nil, sources: Array(whole.sources), people: whole.people,
                                  measures: [], events: whole.events.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
    static let reading = LoadProgress(.reading, done: 40, total: 100, events: 5)

    func preview() -> Program {
        var program = Program(name: "t", size: Size(width: 100, height: 30))
        program.handle(.preview(PreviewTests.partial, PreviewTests.reading))
        return program
    }

    @Test func movingWorksAndWhatNeedsTheWholeTimelineWaits() {
        var program = preview()
        program.handle(.key(.character("j")))
        #expect(program.state?.selected == 1)
        for key in [Key.enter, .character("/"), .character("p"), .character("n"), .character("]")] {
            program.handle(.key(key))
            #expect(program.state?.onTimeline == true && program.state?.overlay == nil, "\(key)")
            #expect(program.state?.message?.hasPrefix("Still loading (32%)") == true, "\(key)")
        }
        program.handle(.key(.character("?")))
        #expect(program.state?.overlay is HelpOverlay)
    }

    @Test func theScreenSaysItIsAPreview() {
        let lines = preview().render()?.lines ?? []
        #expect(lines[0].contains("Timeline · 150 events so far"))
        #expect(lines[29].contains("loading 32%"))
        #expect(!lines[29].contains("search"), "the bar offers only what works while loading")
    }

    @Test func theSelectedEventStaysSelectedOnItsRowAsEventsArrive() {
        var program = preview()
        for _ in 0..<60 { program.handle(.key(.character("j"))) }
        program.handle(.key(.enter))
        guard let s = program.state, let view = s.view as? TimelineView else { Issue.record("no timeline"); return }
        let chosen = s.selectedID
        let row = s.index.rowOfEvent[s.selected] - view.scroll
        program.handle(.loaded(PreviewTests.whole))
        guard let next = program.state, let nextView = next.view as? TimelineView else { return }
        #expect(next.selectedID == chosen)
        #expect(next.index.rowOfEvent[next.selected] - nextView.scroll == row)
        #expect(next.loading == nil)
        #expect(!next.render().lines[0].contains("so far"))
        #expect(next.message == nil, "“Still loading” no longer holds")
    }

    @Test func theFirstEventStaysFirstWhenEarlierOnesArrive() {
        var program = preview()
        #expect(program.state?.selected == 0)
        program.handle(.preview(PreviewTests.whole, PreviewTests.reading))
        #expect(program.state?.selected == 0)
        #expect(program.state?.selectedID == "event-0")
    }
}
