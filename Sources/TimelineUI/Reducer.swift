import TimelineModel

extension AppState {
    /// Applies one input: the only way the state changes.
    public mutating func handle(_ input: Input) {
        message = nil
        switch input {
        case .resize(let newSize):
            size = newSize
        case .mouse(let button, let x, let y):
            if mouseEnabled { handleMouse(button, x: x, y: y) }
        case .key(let key):
            switch overlay {
            case .searchPrompt(let text, let previous): handleSearchKey(key, text: text, previous: previous)
            case .peoplePicker(let filter, let position): handlePickerKey(key, filter: filter, position: position)
            case .help, nil:
                if let action = Action.byKey[key] {
                    perform(action)
                } else if case .tooSmall = layout {
                    // Nothing else is drawn, so nothing else is worth a message.
                } else {
                    message = "\(key.label) does nothing here · ? lists the keys"
                }
            }
        }
        settle()
    }

    public mutating func perform(_ action: Action) {
        if case .help(let scroll) = overlay {
            switch action {
            case .moveDown: overlay = .help(scroll: scroll.saturatingAdd(1))
            case .moveUp: overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown: overlay = .help(scroll: scroll.saturatingAdd(max(1, size.height - 4)))
            case .pageUp: overlay = .help(scroll: max(0, scroll - max(1, size.height - 4)))
            case .first: overlay = .help(scroll: 0)
            case .last: overlay = .help(scroll: Int.max / 2)
            case .help, .back, .quit: overlay = nil
            case .redraw: redrawRequested = true
            default: break
            }
            return
        }
        if let loading, !action.worksWhileLoading {
            message = "Still loading (\(Int(loading.fraction * 100))%) · \(action.keys[0].label) works once every event is read and checked"
            return
        }
        switch action {
        case .moveDown: move(by: 1)
        case .moveUp: move(by: -1)
        case .pageDown: move(by: pageSize)
        case .pageUp: move(by: -pageSize)
        case .first: move(by: -Int.max / 2)
        case .last: move(by: Int.max / 2)
        case .nextPane: cyclePane(by: 1)
        case .previousPane: cyclePane(by: -1)
        case .open: open()
        case .back: goBack(quitting: false)
        case .quit: goBack(quitting: true)
        case .search:
            guard view == .browse else { message = "Search works on the timeline: Esc back to it first"; return }
            overlay = .searchPrompt(text: "", previous: SearchSnapshot(query: query, selected: selected))
            setQuery(nil)
        case .nextMatch: stepMatch(by: 1)
        case .previousMatch: stepMatch(by: -1)
        case .pickPerson: overlay = .peoplePicker(filter: "", position: ListPosition())
        case .nextOfPerson: stepTrail(by: 1)
        case .previousOfPerson: stepTrail(by: -1)
        case .help: overlay = .help(scroll: 0)
        case .redraw: redrawRequested = true
        }
    }

    // MARK: Moving

    /// How far a page moves in the focused place.
    var pageSize: Int {
        switch layout {
        case .wide(let panes, _): max(1, (focus == .timeline ? timelineListHeight(panes[.timeline]!) : panes[focus]!.height - 2) - 1)
        case .narrow(_, let rect, _): max(1, (focus == .timeline ? timelineListHeight(rect) : rect.height - 2) - 1)
        case .full(let body, _): max(1, body.height - 3)
        case .tooSmall: 1
        }
    }

    mutating func move(by delta: Int) {
        switch view {
        case .browse:
            switch focus {
            case .timeline: select(clamped(selected.saturatingAdd(delta), count: timeline.events.count))
            case .event: panes[.event, default: ListPosition()].scroll = max(0, position(.event).scroll.saturatingAdd(delta))
            case .people, .measures, .quotes:
                // A page in a list moves the cursor by items, roughly a third of the lines.
                panes[focus, default: ListPosition()].cursor = max(0, position(focus).cursor.saturatingAdd(listStep(delta)))
            }
        case .involvement(let p, var position):
            position.cursor = max(0, position.cursor.saturatingAdd(listStep(delta)))
            view = .involvement(person: p, position: position)
        case .measureHistory(let m, var position):
            position.cursor = max(0, position.cursor.saturatingAdd(listStep(delta)))
            view = .measureHistory(measure: m, position: position)
        case .reader(let s, let citation, let scroll):
            view = .reader(source: s, citation: citation, scroll: max(0, scroll.saturatingAdd(delta)))
        }
    }

    /// A page in a list moves the cursor by items, roughly a third of the lines.
    func listStep(_ delta: Int) -> Int {
        delta.magnitude > 1 ? delta.signum() * max(1, Int(clamping: delta.magnitude) / 3) : delta
    }

    func clamped(_ value: Int, count: Int) -> Int { min(max(0, value), max(0, count - 1)) }

    /// Selects an event; the detail panes start again from their tops.
    mutating func select(_ event: Int) {
        guard event != selected else { return }
        selected = event
        panes = [:]
    }

    mutating func cyclePane(by delta: Int) {
        guard view == .browse else { message = "Tab cycles the timeline's panes · Esc goes back to them"; return }
        let all = Pane.allCases
        focus = all[(focus.rawValue + delta + all.count) % all.count]
    }

    // MARK: Opening and going back

    mutating func open() {
        switch view {
        case .browse:
            switch focus {
            case .timeline, .event:
                // From the timeline, Enter goes into the event: its people first (or whatever it has).
                focus = [Pane.people, .measures, .quotes].first { !items(for: $0, width: detailWidth).isEmpty } ?? .quotes
            case .people, .measures, .quotes:
                guard let target = detailTarget(focus) else { return }
                openTarget(target)
            }
        case .involvement(let p, let position):
            guard let target = involvementList(person: p, width: max(1, size.width - 2)).selectedItem(position)?.target else { return }
            if case .event = target { trail = p }
            openTarget(target)
        case .measureHistory(let m, let position):
            guard let target = measureList(measure: m, width: max(1, size.width - 2)).selectedItem(position)?.target else { return }
            openTarget(target)
        case .reader(let s, let citation, _):
            let citations = timeline.citationsOfSource[s]
            guard citations.indices.contains(citation) else { return }
            let use = citations[citation].use
            if let e = timeline.eventIndex(of: use) {
                openTarget(.event(e))
            } else if case .role(let p, _) = use {
                openTarget(.person(p))
            } else if case .measure(let m) = use {
                openTarget(.measure(m))
            }
        }
    }

    func detailTarget(_ pane: Pane) -> ItemTarget? {
        let width = layout.rect(of: pane, focus: focus).map { $0.width - 2 } ?? max(1, size.width - 2)
        return ListGeometry(items(for: pane, width: width)).selectedItem(position(pane))?.target
    }

    mutating func openTarget(_ target: ItemTarget) {
        back.append(location)
        defer { layout = computeLayout() }
        switch target {
        case .person(let p):
            // Start on the first event rather than on a role.
            view = .involvement(person: p, position: ListPosition(cursor: involvementList(person: p, width: max(1, size.width - 2)).firstEventCursor))
        case .measure(let m):
            view = .measureHistory(measure: m, position: ListPosition(cursor: measureList(measure: m, width: max(1, size.width - 2)).firstEventCursor))
        case .citation(let s, let index):
            view = .reader(source: s, citation: index, scroll: 0)
            layout = computeLayout()
            scrollReaderToCitation(center: true)
        case .event(let e):
            view = .browse
            focus = .timeline
            select(e)
            if let trail, let n = timeline.eventsOfPerson[trail].sortedIndex(of: e) {
                message = "Following \(timeline.people[trail].name): event \(n + 1) of \(timeline.eventsOfPerson[trail].count) · ] next, [ previous, Esc back"
            }
        }
    }

    mutating func goBack(quitting: Bool) {
        if overlay != nil { overlay = nil; return }
        if let last = back.popLast() {
            restore(last)
            return
        }
        if quitting { quit = true; return }
        if query != nil {
            setQuery(nil)
            message = "Search cleared"
        } else if trail != nil {
            trail = nil
            message = "Stopped following"
        } else {
            message = "Nothing to go back to · q quits"
        }
    }

    // MARK: Search

    mutating func handleSearchKey(_ key: Key, text: String, previous: SearchSnapshot) {
        var text = text
        switch key {
        case .enter:
            overlay = nil
            if text.isEmpty { setQuery(nil) } else if hitEvents.isEmpty { message = "Nothing matches “\(text)”" }
            return
        case .escape:
            overlay = nil
            setQuery(previous.query)
            select(previous.selected)
            return
        case .backspace, .delete:
            if text.isEmpty { overlay = nil; setQuery(previous.query); return }
            text.removeLast()
        case .control("u"):
            text = ""
        case .character(let c):
            text.append(c)
        default:
            return
        }
        overlay = .searchPrompt(text: text, previous: previous)
        setQuery(text.isEmpty ? nil : text)
        // Incremental: show the first hit at or after where the search started.
        if let hit = hitEvents.first(after: previous.selected - 1) ?? hitEvents.first {
            select(hit)
        } else {
            select(previous.selected)
        }
    }

    mutating func stepMatch(by delta: Int) {
        if case .reader(let s, let citation, let scroll) = view {
            let count = timeline.citationsOfSource[s].count
            let next = citation + delta
            guard next >= 0, next < count else {
                message = delta > 0 ? "Last cited passage" : "First cited passage"
                return
            }
            view = .reader(source: s, citation: next, scroll: scroll)
            scrollReaderToCitation(center: false)
            return
        }
        guard view == .browse else { return }
        guard query != nil, !hitEvents.isEmpty else {
            message = query.map { "Nothing matches “\($0)”" } ?? "No search · / searches"
            return
        }
        let next = delta > 0 ? hitEvents.first(after: selected) : hitEvents.last(before: selected)
        if let next {
            select(next)
        } else {
            select(delta > 0 ? hitEvents[0] : hitEvents[hitEvents.count - 1])
            message = delta > 0 ? "Search wrapped to the first hit" : "Search wrapped to the last hit"
        }
        focus = .timeline
    }

    // MARK: Following a person

    mutating func stepTrail(by delta: Int) {
        guard view == .browse else { return }
        guard let p = trail else {
            message = "Follow someone first: Enter on a person, or p to pick one"
            return
        }
        let events = timeline.eventsOfPerson[p]
        let name = timeline.people[p].name
        let next = delta > 0 ? events.first(after: selected) : events.last(before: selected)
        guard let next else {
            message = delta > 0 ? "No later event for \(name)" : "No earlier event for \(name)"
            return
        }
        select(next)
        focus = .timeline
        message = "\(name): event \(events.lowerBound(of: next) + 1) of \(events.count)"
    }

    // MARK: People picker

    mutating func handlePickerKey(_ key: Key, filter: String, position: ListPosition) {
        var filter = filter
        var position = position
        switch key {
        case .escape: overlay = nil; return
        case .enter:
            let people = pickerPeople(filter: filter)
            overlay = nil
            guard people.indices.contains(position.cursor) else { message = "No one matches “\(filter)”"; return }
            openTarget(.person(people[position.cursor]))
            return
        case .down, .control("n"), .tab: position.cursor += 1
        case .up, .control("p"), .backTab: position.cursor = max(0, position.cursor - 1)
        case .pageDown: position.cursor += 10
        case .pageUp: position.cursor = max(0, position.cursor - 10)
        case .backspace, .delete:
            guard !filter.isEmpty else { overlay = nil; return }
            filter.removeLast()
            position = ListPosition()
        case .control("u"): filter = ""; position = ListPosition()
        case .character(let c): filter.append(c); position = ListPosition()
        default: return
        }
        overlay = .peoplePicker(filter: filter, position: position)
    }

    // MARK: Mouse

    mutating func handleMouse(_ button: MouseButton, x: Int, y: Int) {
        if overlay != nil { return }
        let wheel = button == .wheelUp ? -1 : (button == .wheelDown ? 1 : 0)
        switch layout {
        case .wide(let rects, _):
            guard let pane = Pane.allCases.first(where: { rects[$0]!.contains(x: x, y: y) }) else { return }
            clickOrScroll(pane, rect: rects[pane]!, wheel: wheel, y: y)
        case .narrow(let tabs, let rect, _):
            if tabs.contains(x: x, y: y), wheel == 0 {
                if let tab = tabPositions(tabs).first(where: { x >= $0.x && x < $0.x + $0.width }) { focus = tab.pane }
            } else if rect.contains(x: x, y: y) {
                clickOrScroll(focus, rect: rect, wheel: wheel, y: y)
            }
        case .full(let body, _):
            if wheel != 0 { move(by: wheel * 3); return }
            guard body.inset(1).contains(x: x, y: y) else { return }
            let line = y - body.y - 1
            switch view {
            case .involvement(let p, var position):
                let geometry = involvementList(person: p, width: body.width - 2)
                position = geometry.settle(position, height: body.height - 2)
                if let cursor = geometry.cursor(atLine: position.scroll + line) { position.cursor = cursor }
                view = .involvement(person: p, position: position)
            case .measureHistory(let m, var position):
                let geometry = measureList(measure: m, width: body.width - 2)
                position = geometry.settle(position, height: body.height - 2)
                if let cursor = geometry.cursor(atLine: position.scroll + line) { position.cursor = cursor }
                view = .measureHistory(measure: m, position: position)
            default: break
            }
        case .tooSmall: break
        }
    }

    mutating func clickOrScroll(_ pane: Pane, rect: Rect, wheel: Int, y: Int) {
        if wheel != 0 {
            // The wheel scrolls the pane under the pointer without taking the focus from another.
            let focused = focus
            focus = pane
            move(by: wheel)
            focus = focused
            return
        }
        focus = pane
        let inner = rect.inset(1)
        if pane == .timeline {
            let row = timelineScroll + (y - inner.y - 2)
            if row >= 0, row < rows.count, y >= inner.y + 2, case .event(let e) = rows[row] { select(e) }
        } else if pane != .event {
            let geometry = ListGeometry(items(for: pane, width: inner.width))
            let settled = geometry.settle(position(pane), height: inner.height)
            if let cursor = geometry.cursor(atLine: settled.scroll + y - inner.y) {
                panes[pane] = ListPosition(cursor: cursor, scroll: settled.scroll)
            }
        }
    }

    // MARK: Keeping things in view

    mutating func scrollReaderToCitation(center: Bool) {
        guard case .reader(let s, let citation, let scroll) = view, case .full(let body, _) = layout else { return }
        let inner = body.inset(1)
        let page = readerPage(source: s, citation: citation, width: max(1, inner.width))
        guard page.citationLine.indices.contains(citation) else { return }
        let line = page.citationLine[citation]
        var top = scroll
        if center || line < scroll || line >= scroll + inner.height - 2 { top = max(0, line - inner.height / 3) }
        view = .reader(source: s, citation: citation, scroll: top)
    }

    /// Clamps every cursor and scroll so that the selection is valid and in view.
    public mutating func settle() {
        selected = clamped(selected, count: timeline.events.count)
        refreshDetailMemo(width: detailWidth)
        layout = computeLayout()
        if case .help(let scroll) = overlay {
            let rect = overlayRect(width: 76, height: helpLines(width: 72).count + 2).inset(1)
            overlay = .help(scroll: min(scroll, max(0, helpLines(width: max(1, rect.width)).count - rect.height)))
        }
        if case .peoplePicker(let filter, let position) = overlay {
            let rect = overlayRect(width: 64, height: min(timeline.people.count, 16) + 4).inset(1)
            // One line per person, so keeping the cursor in view is arithmetic.
            let count = pickerPeople(filter: filter).count
            let height = max(1, rect.height - 2)
            var settled = position
            settled.cursor = clamped(position.cursor, count: count)
            settled.scroll = min(max(settled.scroll, settled.cursor - height + 1), settled.cursor)
            settled.scroll = max(0, min(settled.scroll, count - height))
            overlay = .peoplePicker(filter: filter, position: settled)
        }
        switch layout {
        case .tooSmall: return
        case .wide(let rects, _):
            settleTimeline(rects[.timeline]!)
            for pane in [Pane.event, .people, .measures, .quotes] { settleDetail(pane, rects[pane]!) }
        case .narrow(_, let rect, _):
            if focus == .timeline { settleTimeline(rect) } else { settleDetail(focus, rect) }
        case .full(let body, _):
            let inner = body.inset(1)
            let width = max(1, inner.width)
            refreshFullViewMemo(width: width)
            switch view {
            case .browse: break
            case .involvement(let p, let position):
                view = .involvement(person: p, position: involvementList(person: p, width: width).settle(position, height: inner.height))
            case .measureHistory(let m, let position):
                view = .measureHistory(measure: m, position: measureList(measure: m, width: width).settle(position, height: inner.height))
            case .reader(let s, let citation, let scroll):
                let count = timeline.citationsOfSource[s].count
                let lines = readerPage(source: s, citation: citation, width: width).lines.count
                view = .reader(source: s, citation: clamped(citation, count: count), scroll: min(scroll, max(0, lines - inner.height)))
            }
        }
    }

    mutating func settleTimeline(_ rect: Rect) {
        let height = timelineListHeight(rect)
        guard height > 0, !rowOfEvent.isEmpty else { timelineScroll = 0; return }
        let row = rowOfEvent[selected]
        let margin = min(2, (height - 1) / 2)
        if row - margin < timelineScroll { timelineScroll = row - margin }
        if row + margin >= timelineScroll + height { timelineScroll = row + margin - height + 1 }
        // Moving up onto the first event under a heading brings its headings into view too.
        var headings = row
        while headings > 0, rows[headings - 1] != .gap, !rows[headings - 1].isEvent { headings -= 1 }
        if headings < timelineScroll, row - headings < height { timelineScroll = headings }
        timelineScroll = min(max(0, timelineScroll), max(0, rows.count - height))
    }

    mutating func settleDetail(_ pane: Pane, _ rect: Rect) {
        let inner = rect.inset(1)
        guard inner.height > 0 else { return }
        if pane == .event {
            let lines = eventLines(width: max(1, inner.width)).count
            let scroll = min(position(.event).scroll, max(0, lines - inner.height))
            if scroll != 0 || panes[.event] != nil { panes[.event] = ListPosition(scroll: scroll) }
            return
        }
        let geometry = ListGeometry(items(for: pane, width: max(1, inner.width)))
        let settled = geometry.settle(position(pane), height: inner.height)
        if settled != ListPosition() || panes[pane] != nil { panes[pane] = settled }
    }
}

extension Int {
    /// Addition that stops at the ends of Int instead of trapping: "go to the last" adds a huge
    /// number, and a cursor or scroll may already be large where nothing clamps it (a terminal
    /// too small to lay anything out).
    func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
