import Testing
import TimelineModel
@testable import TimelineUI

@Suite("Timeline view")
struct TimelineViewTests {
    @Test func opensOnTheStoryWithTheBackgroundOneKeyAbove() {
        var s = state(Size(width: 80, height: 24))
        #expect(s.selectedID == "g20-truce")
        let screen = s.render().lines.joined(separator: "\n")
        #expect(screen.contains("▌Background"), "the background is set apart above the story")
        s.press([.character("k")])
        #expect(s.selectedID == "huawei-entity-list")
        s.press([.character("g")])
        #expect(s.selectedID == "trade-war")
    }

    @Test func aTimelineWithNoBackgroundOpensOnItsFirstEvent() {
        let events = bundled.events.filter { !$0.background }
        let t = Timeline(title: "t", description: nil, sources: Array(bundled.sources), people: bundled.people, measures: [], events: events)
        #expect(AppState(timeline: t, size: Size(width: 80, height: 24)).selected == 0)
    }

    @Test func moveDownAndUpStopAtTheEnds() {
        var s = state()
        s.press([.character("g"), .character("k")])
        #expect(s.selectedID == "trade-war")
        s.press([.character("j"), .down])
        #expect(s.selectedID == "huawei-entity-list")
        s.press([.up])
        #expect(s.selectedID == "talks-stall")
    }

    @Test func firstLastAndPages() {
        var s = state(Size(width: 100, height: 30))
        s.press([.character("G")])
        #expect(s.selectedID == "ross-huawei-licences")
        s.press([.home])
        #expect(s.selectedID == "trade-war")
        s.press([.end, .character("g")])
        #expect(s.selected == 0)
        s.press([.pageDown])
        #expect(s.selected == 10, "a page down reaches the last of the eleven events")
        s.press([.control("u")])
        #expect(s.selected == 0)
        var small = state(Size(width: 60, height: 12), [.character("g")])
        small.press([.control("d")])
        #expect(small.selected > 0 && small.selected < 9)
    }

    @Test func selectionStaysInViewWhileScrolling() {
        var s = state(Size(width: 60, height: 12), [.character("g")])
        for _ in 0..<10 {
            s.press([.down])
            #expect(s.render().lines.contains { $0.contains("▶") })
        }
    }

    @Test func tabAndShiftTabCyclePanes() {
        var s = state()
        s.press([.tab])
        #expect(s.focus == .event)
        s.press([.tab, .tab, .tab])
        #expect(s.focus == .quotes)
        s.press([.tab])
        #expect(s.focus == .timeline)
        s.press([.backTab])
        #expect(s.focus == .quotes)
    }

    @Test func enterGoesToThePeopleThenOpensAnInvolvement() {
        var s = state(Size(width: 100, height: 30), [.end])
        s.press([.enter])
        #expect(s.focus == .people)
        s.press([.enter])
        #expect(s.involvedPerson == "ross")
    }

    @Test func bracketsWithoutAPersonSaySo() {
        var s = state()
        s.press([.character("]")])
        #expect(s.message?.hasPrefix("Follow someone first") == true)
    }

    @Test func measureHistoryJumpsToTheEventOfAChange() {
        var s = state(Size(width: 100, height: 30), [.end, .tab, .tab, .tab])
        #expect(s.focus == .measures)
        s.press([.enter])
        #expect(s.historyMeasure == "huawei-licences")
        s.press([.enter])
        #expect(s.selectedID == "g20-truce")
        s.press([.character("q")])
        #expect(s.historyMeasure == "huawei-licences", "q went back")
    }

    @Test func theDerivationNoteOfADateIsShown() {
        var s = AppState(timeline: bundled, size: Size(width: 120, height: 40))
        s.open(event: bundled.eventIndex["tariff-exemptions"], person: nil)
        let screen = s.render().lines.joined(separator: "\n")
        #expect(screen.contains("The sources give no date: the broadcast"))
        #expect(screen.contains("from “has also said it"))
    }

    @Test func aPaneThatCannotShowEverythingSaysSoAndScrolls() {
        var s = state(Size(width: 80, height: 24))
        let before = s.render()
        guard let event = s.panes?.event else { Issue.record("not wide"); return }
        let bottom = before.lines[event.maxY - 1]
        #expect(bottom.contains("more"), "the event pane says there is more: \(bottom)")
        s.press([.tab, .pageDown, .pageDown, .pageDown])
        let after = s.render().lines
        #expect(after.joined().contains("tariff"), "scrolling the event pane shows the summary's end")
        #expect(after[event.maxY - 1].contains("↑"))
    }

    @Test func anEmptyListGivesItsRowsToALongSummary() {
        // trade-war has no people and no measures: at 80×24 its panes are borders only, and the
        // Event pane gets the rows.
        let s = state(Size(width: 80, height: 24), [.character("g")])
        guard let panes = s.panes else { Issue.record("not wide"); return }
        #expect(panes.people.height <= 3 && panes.measures.height <= 3)
        #expect(panes.event.height >= 6)
    }

    @Test func wideTerminalsShowWholeTitles() {
        let s = state(Size(width: 200, height: 60))
        let screen = s.render().lines.joined(separator: "\n")
        for event in bundled.events { #expect(screen.contains(event.title), "\(event.id)") }
    }

    @Test func unboundKeySaysSo() {
        let s = state(Size(width: 100, height: 30), [.character("z")])
        #expect(s.message == "z does nothing here · ? lists the keys")
    }

    @Test func resizeRelayoutsAndKeepsTheSelection() {
        var s = state(Size(width: 100, height: 30), [.end])
        s.handle(.resize(Size(width: 40, height: 12)))
        guard case .tabs = s.plan.body else { Issue.record("not tabs at 40×12"); return }
        #expect(s.selectedID == "ross-huawei-licences")
        s.handle(.resize(Size(width: 10, height: 3)))
        #expect(s.plan.body == .tooSmall)
        #expect(s.render().lines.joined().contains("32×8"))
        s.handle(.resize(Size(width: 120, height: 40)))
        #expect(s.panes != nil)
    }

    @Test func theTooSmallMessageAlwaysSaysWhatIsNeeded() {
        for size in [Size(width: 31, height: 8), Size(width: 31, height: 1), Size(width: 20, height: 3), Size(width: 12, height: 2), Size(width: 9, height: 1)] {
            let text = state(size).render().lines.joined(separator: " ")
            #expect(text.contains("32×8"), "\(size): \(text)")
        }
        let whole = state(Size(width: 31, height: 8)).render().lines.joined(separator: " ")
        #expect(whole.contains("Enlarge it") && whole.contains("press q"), "the whole sentence fits in 31×8")
    }

    @Test func mouseClickSelectsAndFocuses() {
        var s = state(Size(width: 100, height: 30), [.character("g")])
        guard let panes = s.panes, let view = s.view as? TimelineView else { return }
        let row = s.index.rowOfEvent[3]
        s.handle(.mouse(.left, x: panes.timeline.x + 5, y: panes.timeline.y + 3 + row - view.scroll))
        #expect(s.selected == 3)
        guard let people = s.panes?.people else { return }
        s.handle(.mouse(.left, x: people.x + 3, y: people.y + 1))
        #expect(s.focus == .people)
        s.handle(.mouse(.wheelDown, x: panes.timeline.x + 5, y: panes.timeline.y + 5))
        #expect(s.selected == 4)
        var off = AppState(timeline: bundled, size: Size(width: 100, height: 30), mouse: false)
        off.handle(.mouse(.wheelDown, x: 5, y: 5))
        #expect(off.selectedID == "g20-truce")
    }
}

@Suite("Back stack, following a person, and the other views")
struct NavigationTests {
    @Test func involvementJumpThenBracketsThenBackStack() {
        var s = state(Size(width: 100, height: 30), keys("pkudlow") + [.enter])
        #expect(s.involvedPerson == "kudlow")
        s.press([.enter])
        #expect(s.onTimeline)
        #expect(s.selectedID == "kudlow-on-the-cards")
        #expect(s.message?.contains("Following Larry Kudlow: event 1 of 2") == true)
        s.press([.character("]")])
        #expect(s.selectedID == "kudlow-huawei-purchases")
        s.press([.character("]")])
        #expect(s.message == "No later event for Larry Kudlow")
        s.press([.escape])
        #expect(s.involvedPerson == "kudlow")
        // The highlight is on the event reached with ], not on the first.
        #expect(s.render().lines.first { $0.contains("Kudlow: Huawei curbs") }.map { _ in true } == true)
        guard let view = s.view as? InvolvementView, let geometry = view.geometry(s) else { Issue.record("no list"); return }
        #expect(geometry.selectedItem(view.position)?.target == .event(s.timeline.eventIndex["kudlow-huawei-purchases"]!))
        s.press([.escape])
        #expect(s.onTimeline)
        #expect(s.selectedID == "g20-truce", "back where the user was before the person")
    }

    @Test func bracketsStepThroughEventsInsideThePersonView() {
        var s = state(Size(width: 100, height: 30), keys("pkudlow") + [.enter])
        guard let start = s.view as? InvolvementView, let geometry = start.geometry(s) else { Issue.record("no involvement"); return }
        let first = geometry.selectedItem(start.position)?.target
        s.press([.character("]")])
        let moved = (s.view as? InvolvementView).flatMap { geometry.selectedItem($0.position)?.target }
        #expect(moved != first)
        #expect(moved == .event(s.timeline.eventIndex["kudlow-huawei-purchases"]!))
        #expect(s.message == "Larry Kudlow: event 2 of 2")
        s.press([.character("]")])
        #expect(s.message == "No later event for Larry Kudlow")
        s.press([.character("["), .enter])
        #expect(s.selectedID == "kudlow-on-the-cards")
    }

    @Test func escWithNothingToGoBackToSaysWhatItClears() {
        var s = state(Size(width: 100, height: 30), keys("/Huawei") + [.enter])
        s.press([.escape])
        #expect(s.searchQuery == nil)
        #expect(s.message == "Search “Huawei” cleared · / searches again")
        s.press([.escape])
        #expect(s.message == "Nothing to go back to · q quits")
        #expect(s.press([.escape]).isEmpty, "Esc never quits")
    }

    @Test func quoteOpensTheReaderAtThatPassageAndNSteps() {
        var s = state(Size(width: 100, height: 30), [.end, .tab, .tab, .tab, .tab])
        s.press([.enter])
        guard let reader = s.reader else { Issue.record("no reader"); return }
        let quote = s.timeline.citationsOfSource[reader.source][reader.citation].quote
        #expect(quote == s.timeline.events[s.timeline.eventIndex["ross-huawei-licences"]!].quotes[0])
        #expect(s.render().lines.contains { $0.contains("▌ Plus, in a surprise announcement Tuesday") })
        s.press([.character("]")])
        #expect(s.reader?.citation == reader.citation + 1)
        s.press([.character("["), .character("[")])
        #expect(s.reader?.citation == reader.citation - 1)
        s.press([.enter])
        #expect(s.onTimeline)
    }

    @Test func readerScrollsAndClamps() {
        var s = state(Size(width: 60, height: 12), [.end, .tab, .tab, .tab, .tab, .enter])
        s.press([.character("g")])
        #expect(s.reader?.scroll == 0)
        s.press([.character("G")])
        let bottom = s.reader?.scroll ?? 0
        #expect(bottom > 0)
        s.press([.down])
        #expect(s.reader?.scroll == bottom)
    }

    @Test func quitOnlyAtTheTopLevel() {
        var s = state(Size(width: 100, height: 30), [.end, .enter, .enter])
        #expect(s.press([.character("q")]).isEmpty)
        #expect(s.onTimeline)
        #expect(s.press([.character("q")]).last == .quit)
    }

    @Test func redrawIsAnEffectInEveryMode() {
        for prefix in [[], keys("?"), keys("p"), keys("/"), [.end, .tab, .tab, .tab, .tab, .enter]] as [[Key]] {
            var s = state(Size(width: 100, height: 30), prefix)
            #expect(s.press([.control("l")]) == [.redraw], "\(prefix)")
        }
    }

    @Test func involvementPartsWrapInsteadOfBeingCut() {
        let s = state(Size(width: 60, height: 40), keys("pxi") + [.enter])
        #expect(s.involvedPerson == "xi")
        let screen = s.render().lines
        let rows = screen.dropLast().drop { !$0.contains("Events") }
        #expect(!rows.contains { $0.contains("…") }, "\(rows.joined(separator: "\n"))")
        #expect(rows.joined().contains("agreed to buy more American products"))
        #expect(state(Size(width: 100, height: 30), keys("pxi") + [.enter]).barText.contains("2 events"))
        let ross = state(Size(width: 100, height: 30), keys("pross") + [.enter])
        #expect(ross.barText.contains("1 event") && !ross.barText.contains("1 events"))
    }
}

@Suite("Search and the people picker")
struct PromptTests {
    @Test func incrementalSearchSelectsAndEscRestores() {
        var s = state(Size(width: 100, height: 30), [.character("g"), .down, .down, .down])
        let start = s.selected
        s.press(keys("/kudlow"))
        #expect(s.selectedID == "kudlow-on-the-cards")
        #expect(s.hits.all.count >= 2)
        s.press([.escape])
        #expect(s.selected == start)
        #expect(s.searchQuery == nil)
    }

    @Test func searchStepsWithNAndWraps() {
        var s = state(Size(width: 100, height: 30), keys("/Huawei") + [.enter])
        let hits = s.hits.all
        #expect(hits.count == 4)
        s.press([.character("n")])
        let afterN = s.selected
        #expect(hits.contains(afterN))
        s.press([.character("G"), .character("n")])
        #expect(s.selected == hits[0])
        #expect(s.message == "Search wrapped to the first hit")
        s.press([.character("N")])
        #expect(s.selected == hits[3])
        #expect(s.message == "Search wrapped to the last hit")
    }

    @Test func searchIsSmartCase() {
        let lower = state(Size(width: 100, height: 30), keys("/huawei") + [.enter]).hits.all
        let wrong = state(Size(width: 100, height: 30), keys("/HUAWEI") + [.enter])
        #expect(lower.count == 4)
        #expect(wrong.hits.all.isEmpty)
        #expect(wrong.message == "Nothing matches “HUAWEI”")
    }

    @Test func searchPromptEditing() {
        var s = state(Size(width: 100, height: 30), keys("/xyz"))
        s.press([.backspace, .backspace])
        #expect((s.overlay as? SearchPrompt)?.text == "x")
        s.press([.control("u")])
        #expect((s.overlay as? SearchPrompt)?.text == "")
        s.press([.enter])
        #expect(s.overlay == nil && s.searchQuery == nil)
    }

    @Test func qAndJTypeIntoPromptsAndTheBarSaysSo() {
        var s = state(Size(width: 100, height: 30), keys("p"))
        #expect(s.barText.contains("Enter open") && s.barText.contains("Esc close"), "\(s.barText)")
        #expect(!s.barText.contains("j/k move") && !s.barText.contains("q quit"), "\(s.barText)")
        #expect(s.press(keys("jq")).isEmpty)
        #expect((s.overlay as? PeoplePicker)?.filter == "jq")
        var search = state(Size(width: 100, height: 30), keys("/"))
        #expect(search.barText.contains("Enter keep") && search.barText.contains("Esc cancel"), "\(search.barText)")
        search.press(keys("q"))
        #expect((search.overlay as? SearchPrompt)?.text == "q")
        let help = state(Size(width: 100, height: 30), keys("?"))
        #expect(help.barText.contains("j/k scroll") && help.barText.contains("Esc close"), "\(help.barText)")
    }

    @Test func peoplePickerFiltersAndNavigates() {
        var s = state(Size(width: 100, height: 30), keys("p"))
        #expect(PeoplePicker.people(s.timeline, filter: "").count == s.timeline.people.count)
        s.press(keys("li"))
        let names = PeoplePicker.people(s.timeline, filter: "li").map { s.timeline.people[$0].id }
        #expect(names.contains("lighthizer") && names.contains("liu-he"))
        s.press([.down, .enter])
        #expect(s.involvedPerson == names[1])
        var closed = state(Size(width: 100, height: 30), keys("p") + [.escape])
        #expect(closed.overlay == nil)
        #expect(closed.press([.character("q")]).last == .quit)
    }

    @Test func helpShowsTheKeysOfTheViewItOpensOver() {
        var s = state(Size(width: 100, height: 30), keys("?"))
        #expect((s.overlay as? HelpOverlay)?.over == .timeline)
        s.press([.character("j"), .character("?")])
        #expect(s.overlay == nil)
        s.press([.character("?"), .escape])
        #expect(s.overlay == nil)
        let reader = state(Size(width: 100, height: 30), [.end, .tab, .tab, .tab, .tab, .enter] + keys("?"))
        let screen = reader.render().lines.joined(separator: "\n")
        #expect(screen.contains("Keys · Source reader"))
        #expect(screen.contains("Next cited passage"))
    }
}

@Suite("Key tables drive keys, help, hints and the README")
struct KeyTableTests {
    @Test func everyKeyOfAModeMapsToOneAction() {
        for table in Keymap.standard.all {
            for binding in table.bindings {
                for key in binding.keys { #expect(table.action(for: key) == binding.action, "\(table.mode) \(key.label)") }
            }
            let keys = table.bindings.flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "a key is bound twice in \(table.mode)")
        }
    }

    @Test func aModeOverridesAnActionsRow() {
        #expect(Keymap.standard.table(.reader).binding(.moveDown)?.help == "Scroll down a line")
        #expect(Keymap.standard.table(.timeline).binding(.moveDown)?.help.hasPrefix("Move down") == true)
    }

    @Test func helpListsEveryBindingOfTheMode() {
        let s = state(Size(width: 200, height: 200), keys("?"))
        let screen = s.render().lines.joined(separator: "\n")
        for binding in Keymap.standard.table(.timeline).bindings {
            #expect(screen.contains(binding.keyLabels), "\(binding.action) keys missing from help")
            #expect(screen.contains(String(binding.help.prefix(20))), "\(binding.action) help missing")
        }
    }

    @Test func theEssentialHintsStayAtEveryWidthInEveryMode() {
        let screens: [(String, [Key])] = [("timeline", []), ("involvement", keys("pross") + [.enter]), ("reader", [.end, .tab, .tab, .tab, .tab, .enter]),
                                           ("history", [.end, .tab, .tab, .tab, .enter]), ("help", keys("?")), ("picker", keys("p")), ("search", keys("/hua"))]
        for (name, keys) in screens {
            for width in [32, 40, 50, 60, 80, 120] {
                let s = state(Size(width: width, height: 12), keys)
                let bar = s.barText
                let table = Keymap.standard.table(s.mode)
                for binding in table.bindings where binding.essential && s.hints.contains(Hint(binding, in: table)) {
                    #expect(bar.contains(table.hintKeys(binding) + " " + binding.hint!), "\(name) at \(width): \(binding.action) missing from “\(bar)”")
                }
                #expect(s.hints.contains { $0.keys == "Esc" } || s.hints.contains { $0.keys == "q" }, "\(name): no way out in the bar")
            }
        }
    }

    @Test func aRebindingTakesEffectInKeysHintsAndHelp() throws {
        let keymap = try Keymap.standard.rebinding(.timeline, .moveDown, to: [.character("x"), .down]).get()
            .rebinding(.timeline, .moveUp, to: [.character("u"), .up]).get()
        var s = AppState(timeline: bundled, size: Size(width: 100, height: 30), keymap: keymap)
        s.press([.character("x")])
        #expect(s.selectedID == "kudlow-on-the-cards")
        s.press([.character("u")])
        #expect(s.selectedID == "g20-truce")
        #expect(s.barText.contains("x/u move"), "\(s.barText)")
        s.press([.character("j")])
        #expect(s.message == "j does nothing here · ? lists the keys")
        s.press([.character("?")])
        #expect(s.render().lines.contains { $0.contains("x/↓") && $0.contains("Move down") })
    }

    @Test func aKeyBoundTwiceInAModeIsRefused() {
        guard case .failure(let conflict) = Keymap.standard.rebinding(.timeline, .search, to: [.character("j")]) else {
            Issue.record("j bound to search and move down"); return
        }
        #expect(conflict.key == .character("j") && conflict.mode == .timeline)
        // Another mode is another table: j may search in the reader.
        #expect((try? Keymap.standard.rebinding(.reader, .nextMatch, to: [.character("x")]).get()) != nil)
    }

    @Test func theReadmeKeyTablesAreTheKeyTables() throws {
        try expectReadmeSection("keys", Keymap.standard.markdown)
    }
}

@Suite("Styling")
struct StyleTests {
    @Test func selectedRowIsHighlightedAndMatchesStayVisible() {
        let s = state(Size(width: 100, height: 30), [.character("g")] + keys("/Huawei") + [.enter])
        let buffer = s.render()
        let row = buffer.lines.firstIndex { $0.contains("▶ Huawei put on the Entity List") }!
        let styles = buffer.styleLines[row]
        #expect(styles.contains("S"))
        #expect(styles.contains("MMMMMM"))
    }

    @Test func theFocusedPaneHasItsTitleInReverseVideo() {
        let s = state(Size(width: 100, height: 30), [.tab, .tab])
        let buffer = s.render()
        guard let panes = s.panes else { return }
        #expect(buffer[panes.people.x, panes.people.y].style == .borderFocused)
        #expect(buffer[panes.people.x + 3, panes.people.y].style == .focusTitle)
        #expect(buffer[panes.timeline.x + 3, panes.timeline.y].style == .title)
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
