import TimelineModel

/// The timeline with the selected event's panes: every event under month and day headings with
/// a date axis, and beside it (or under tabs, on a small terminal) the event, its people, the
/// measures it changed and the quotes it rests on.
struct TimelineView: BrowserView {
    var mode: Mode { .timeline }
    var focus: Pane = .timeline
    /// Cursor and scroll of each detail pane, for the event `panesEvent`: they start again from
    /// the top when the selection changes.
    private var panes: [Pane: ListPosition] = [:]
    private var panesEvent: Int?
    /// The timeline list's first row on screen.
    private(set) var scroll = 0
    private var detail: Memo<EventDetail.Key, EventDetail>?

    init(focus: Pane = .timeline, scroll: Int = 0) {
        self.focus = focus
        self.scroll = scroll
    }

    // MARK: Geometry

    /// The timeline column of the wide layout: a share of the width, no wider than the longest
    /// title needs (so a wide terminal shows whole titles and gives the rest to the panes).
    static func timelineWidth(_ width: Int, _ index: TimelineIndex) -> Int {
        // The marker before a title, its box, and room for the marks after it.
        let wanted = max(34, index.widestTitle + 10)
        return min(max(34, width * 2 / 5), wanted)
    }

    /// The width the detail panes' text is laid out in.
    static func detailWidth(_ app: AppState) -> Int {
        LayoutPlan.isWide(app.size) ? app.size.width - timelineWidth(app.size.width, app.index) - 2 : max(1, app.size.width - 2)
    }

    /// Rows of the timeline pane that hold its list (below the date axis).
    static func listHeight(_ rect: Rect) -> Int { max(0, rect.height - 4) }

    /// The rectangle a pane has in this frame, if it is on screen.
    func rect(_ pane: Pane, _ plan: LayoutPlan) -> Rect? {
        switch plan.body {
        case .panes(let rects): rects[pane]
        case .tabs(_, let rect): pane == focus ? rect : nil
        default: nil
        }
    }

    func content(_ app: AppState) -> EventDetail {
        let width = TimelineView.detailWidth(app)
        return detail.value(for: EventDetail.Key(app, width: width)) ?? EventDetail(app, event: app.selected, width: width)
    }

    mutating func prepare(_ app: AppState) {
        let key = EventDetail.Key(app, width: TimelineView.detailWidth(app))
        if detail.value(for: key) == nil { detail = Memo(key: key, value: EventDetail(app, event: app.selected, width: key.width)) }
        if panesEvent != app.selected {
            panes = [:]
            panesEvent = app.selected
        }
    }

    func body(_ area: Rect, _ app: AppState) -> LayoutPlan.Body {
        guard LayoutPlan.isWide(app.size) else {
            return .tabs(strip: Rect(x: area.x, y: area.y, width: area.width, height: 1),
                         pane: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1))
        }
        let left = TimelineView.timelineWidth(area.width, app.index)
        let detail = content(app)
        // Each pane asks for what its text needs. When they do not all fit, the height is shared
        // out fairly: no pane gets more than its need while another gets less than its share,
        // and an empty list shrinks to its titled border, giving its rows to the others.
        let needs: [Int] = [detail.event.count + 2] + Pane.lists.map { pane in
            let lines = detail.items(pane).reduce(0) { $0 + $1.lines.count }
            return lines == 0 ? 3 : lines + 2
        }
        let fitsAll = needs.reduce(0, +) <= area.height
        var heights = needs
        if fitsAll {
            heights[3] += area.height - needs.reduce(0, +)
        } else {
            let shrunk = needs.enumerated().map { i, need in i > 0 && detail.items(Pane.lists[i - 1]).isEmpty ? 2 : max(3, need) }
            var remaining = area.height
            let order = shrunk.indices.sorted { shrunk[$0] < shrunk[$1] }
            for (n, i) in order.enumerated() {
                heights[i] = min(shrunk[i], remaining / (order.count - n))
                remaining -= heights[i]
            }
            heights[order[order.count - 1]] += remaining
        }
        var y = area.y
        let rects = heights.map { height -> Rect in
            defer { y += height }
            return Rect(x: left, y: y, width: area.width - left, height: height)
        }
        return .panes(PaneRects(timeline: Rect(x: area.x, y: area.y, width: left, height: area.height),
                                event: rects[0], people: rects[1], measures: rects[2], quotes: rects[3]))
    }

    // MARK: Keeping things in view

    mutating func settle(_ app: AppState) {
        if let rect = rect(.timeline, app.plan) { settleTimeline(rect, app) }
        for pane in Pane.allCases where pane != .timeline {
            guard let rect = rect(pane, app.plan)?.inset(1), rect.height > 0 else { continue }
            if pane == .event {
                let lines = content(app).event.count
                let scroll = min(position(.event).scroll, max(0, lines - rect.height))
                if scroll != 0 || panes[.event] != nil { panes[.event] = ListPosition(scroll: scroll) }
                continue
            }
            let settled = ListGeometry(content(app).items(pane)).settle(position(pane), height: rect.height)
            if settled != ListPosition() || panes[pane] != nil { panes[pane] = settled }
        }
    }

    mutating func settleTimeline(_ rect: Rect, _ app: AppState) {
        let height = TimelineView.listHeight(rect)
        let rows = app.index.rows
        guard height > 0, !app.index.rowOfEvent.isEmpty else { scroll = 0; return }
        let row = app.index.rowOfEvent[app.selected]
        let margin = min(2, (height - 1) / 2)
        if row - margin < scroll { scroll = row - margin }
        if row + margin >= scroll + height { scroll = row + margin - height + 1 }
        // Moving up onto the first event under a heading brings its headings into view too.
        var headings = row
        while headings > 0, rows[headings - 1] != .gap, !rows[headings - 1].isEvent { headings -= 1 }
        if headings < scroll, row - headings < height { scroll = headings }
        scroll = min(max(0, scroll), max(0, rows.count - height))
    }

    /// Keeps the selected event on the row of the pane it had in `old`, now in `new`.
    mutating func keepRow(from old: AppState, in new: AppState) {
        let rowOnScreen = old.index.rowOfEvent[old.selected] - scroll
        scroll = max(0, new.index.rowOfEvent[new.selected] - rowOnScreen)
        panesEvent = nil
    }

    func position(_ pane: Pane) -> ListPosition { panes[pane] ?? ListPosition() }

    // MARK: Actions

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        switch action {
        case .moveDown: move(by: 1, &app)
        case .moveUp: move(by: -1, &app)
        case .pageDown: move(by: pageSize(app), &app)
        case .pageUp: move(by: -pageSize(app), &app)
        case .first: move(by: -Int.max / 2, &app)
        case .last: move(by: Int.max / 2, &app)
        case .nextPane: cycle(by: 1)
        case .previousPane: cycle(by: -1)
        case .open:
            switch focus {
            case .timeline, .event:
                // From the timeline, Enter goes into the event: its people first (or whatever it has).
                focus = Pane.lists.first { !content(app).items($0).isEmpty } ?? .quotes
            case .people, .measures, .quotes:
                if let target = ListGeometry(content(app).items(focus)).selectedItem(position(focus))?.target { return .open(target) }
            }
        case .search:
            app.overlay = SearchPrompt(previousQuery: app.query, previousSelection: app.selected)
            app.setQuery(nil)
        case .nextMatch: stepMatch(by: 1, &app)
        case .previousMatch: stepMatch(by: -1, &app)
        case .nextOfPerson: stepTrail(by: 1, &app)
        case .previousOfPerson: stepTrail(by: -1, &app)
        case .filter: app.overlay = TextPrompt(.filter, text: app.filter.map { $0.text + " " } ?? "")
        case .clearFilter:
            app.message = app.filter == nil ? "No filter to clear · f filters" : "Filter cleared"
            app.setFilter(nil)
        case .jumpToDate: app.overlay = TextPrompt(.jump)
        case .setAsOf:
            if app.asOf != nil {
                app.asOf = nil
                app.message = "As-of date cleared"
            } else {
                app.overlay = TextPrompt(.asOf, text: app.selectedEvent.map { $0.date.date.iso } ?? "")
            }
        case .compareSources:
            if app.selectedEvent != nil { return .open(.compare(event: app.selected)) }
        case .star:
            guard let id = app.selectedEvent?.id else { break }
            if app.marks.starred.remove(id) == nil { app.marks.starred.insert(id) }
            app.message = app.marks.starred.contains(id) ? "Starred · m again unstars" : "Unstarred"
            app.keepMarks()
            // A filter on stars follows them.
            if let filter = app.filter, filter.terms.contains(where: { if case .starred = $0 { true } else { false } }) {
                app.setFilter(filter)
                if app.index.shownCount(app.timeline) == 0 {
                    app.setFilter(nil)
                    app.message = "No event matches the filter any more: it is cleared"
                }
            }
        case .note:
            guard let id = app.selectedEvent?.id else { break }
            app.overlay = TextPrompt(.note(event: app.selected), text: app.marks.notes[id] ?? "")
        case .copyQuote:
            guard let event = app.selectedEvent, !event.quotes.isEmpty else { app.message = "This event has no quote to copy"; break }
            let chosen = focus == .quotes ? min(position(.quotes).cursor, event.quotes.count - 1) : 0
            app.pendingEffects.append(.copy(app.timeline.citation(event.quotes[chosen]), what: "the quote"))
            app.message = "Copied the quote as a citation" + (focus == .quotes ? "" : " (the first; Tab to Quotes to choose)")
        case .copyEvent:
            guard app.selectedEvent != nil else { break }
            app.pendingEffects.append(.copy(app.timeline.markdown(event: app.selected), what: "the event as Markdown"))
            app.message = "Copied the event as Markdown"
        default: break
        }
        return .done
    }

    /// How far a page moves in the focused place.
    func pageSize(_ app: AppState) -> Int {
        guard let rect = rect(focus, app.plan) else { return 1 }
        return max(1, (focus == .timeline ? TimelineView.listHeight(rect) : rect.height - 2) - 1)
    }

    mutating func move(by delta: Int, _ app: inout AppState) {
        switch focus {
        case .timeline:
            app.selected = app.index.step(from: app.selected, by: delta, app.timeline)
        case .event:
            panes[.event, default: ListPosition()].scroll = max(0, position(.event).scroll.saturatingAdd(delta))
        case .people, .measures, .quotes:
            panes[focus, default: ListPosition()].cursor = max(0, position(focus).cursor.saturatingAdd(ListGeometry.step(delta)))
        }
    }

    mutating func cycle(by delta: Int) {
        let all = Pane.allCases
        focus = all[(focus.rawValue + delta + all.count) % all.count]
    }

    mutating func stepMatch(by delta: Int, _ app: inout AppState) {
        // Hits the filter hides are passed over.
        let hits = app.hits, index = app.index
        func step(from e: Int) -> Int? {
            var next = delta > 0 ? hits.first(after: e) : hits.last(before: e)
            while let hidden = next, !index.isShown(hidden) { next = delta > 0 ? hits.first(after: hidden) : hits.last(before: hidden) }
            return next
        }
        guard app.query != nil, !hits.isEmpty else {
            app.message = app.query.map { "Nothing matches “\($0)”" } ?? "No search · / searches"
            return
        }
        if let next = step(from: app.selected) {
            app.selected = next
        } else if let wrapped = step(from: delta > 0 ? -1 : Int.max) {
            // Wrapping starts from beyond the other end.
            app.selected = wrapped
            app.message = delta > 0 ? "Search wrapped to the first hit" : "Search wrapped to the last hit"
        } else {
            app.message = app.query.map { "Nothing matches “\($0)”" } ?? "No search · / searches"
        }
        focus = .timeline
    }

    mutating func stepTrail(by delta: Int, _ app: inout AppState) {
        guard let p = app.trail else {
            app.message = "Follow someone first: Enter on a person, or p to pick one"
            return
        }
        let events = app.timeline.eventsOfPerson[p]
        let name = app.timeline.people[p].name
        var next = delta > 0 ? events.first(after: app.selected) : events.last(before: app.selected)
        while let hidden = next, !app.index.isShown(hidden) { next = delta > 0 ? events.first(after: hidden) : events.last(before: hidden) }
        guard let next else {
            app.message = delta > 0 ? "No later event for \(name)" : "No earlier event for \(name)"
            return
        }
        app.selected = next
        focus = .timeline
        app.message = "\(name): event \(events.lowerBound(of: next) + 1) of \(events.count)"
    }

    // MARK: Mouse

    mutating func click(_ button: MouseButton, x: Int, y: Int, _ app: inout AppState) {
        let wheel = button == .wheelUp ? -1 : (button == .wheelDown ? 1 : 0)
        switch app.plan.body {
        case .panes(let rects):
            guard let pane = Pane.allCases.first(where: { rects[$0].contains(x: x, y: y) }) else { return }
            clickOrScroll(pane, rect: rects[pane], wheel: wheel, y: y, &app)
        case .tabs(let strip, let rect):
            if strip.contains(x: x, y: y), wheel == 0 {
                if let tab = TimelineView.tabPositions(strip).first(where: { x >= $0.x && x < $0.x + $0.width }) { focus = tab.pane }
            } else if rect.contains(x: x, y: y) {
                clickOrScroll(focus, rect: rect, wheel: wheel, y: y, &app)
            }
        default: break
        }
    }

    mutating func clickOrScroll(_ pane: Pane, rect: Rect, wheel: Int, y: Int, _ app: inout AppState) {
        if wheel != 0 {
            // The wheel scrolls the pane under the pointer without taking the focus from another.
            let focused = focus
            focus = pane
            move(by: wheel, &app)
            focus = focused
            return
        }
        focus = pane
        let inner = rect.inset(1)
        if pane == .timeline {
            let row = scroll + (y - inner.y - 2)
            let rows = app.index.rows
            if y >= inner.y + 2, row >= 0, row < rows.count, case .event(let e) = rows[row] { app.selected = e }
        } else if pane != .event {
            let geometry = ListGeometry(content(app).items(pane))
            let settled = geometry.settle(position(pane), height: inner.height)
            if let cursor = geometry.cursor(atLine: settled.scroll + y - inner.y) {
                panes[pane] = ListPosition(cursor: cursor, scroll: settled.scroll)
            }
        }
    }

    /// `e`: the item of the focused pane under the cursor, else the event.
    func editRequest(_ app: AppState) -> EditRequest? {
        guard let event = app.selectedEvent else { return nil }
        switch focus {
        case .people, .measures, .quotes:
            switch ListGeometry(content(app).items(focus)).selectedItem(position(focus))?.target {
            case .person(let p)?: return EditRequest(.timeline, at: .object(app.timeline.people[p].id))
            case .measure(let m)?: return EditRequest(.timeline, at: .object(app.timeline.measures[m].id))
            case .citation(let s, let i)?: return EditRequest(.timeline, at: .text(app.timeline.citationsOfSource[s][i].quote.text))
            case .passage(let quote, _)?: return EditRequest(.timeline, at: .text(quote.text))
            default: break
            }
        default: break
        }
        return EditRequest(.timeline, at: .object(event.id))
    }

    // MARK: The bar

    func offers(_ action: Action, _ app: AppState) -> Bool {
        switch action {
        case .nextMatch, .previousMatch: app.query != nil
        case .nextOfPerson, .previousOfPerson: app.trail != nil
        default: true
        }
    }

    func status(_ app: AppState) -> String {
        var parts: [String] = []
        if let trail = app.trail, let position = app.timeline.eventsOfPerson[trail].sortedIndex(of: app.selected) {
            parts.append("\(app.timeline.people[trail].name) \(position + 1)/\(app.timeline.eventsOfPerson[trail].count)")
        }
        if let query = app.query, app.hits.contains(app.selected) {
            parts.append("/\(query) " + (app.hits.ordinal(of: app.selected).map { "\($0 + 1)/\(app.hits.exactCount ?? 0)" } ?? "hit"))
        }
        if let asOf = app.asOf { parts.append("as of " + asOf.readable) }
        return parts.joined(separator: " · ")
    }

    // MARK: Drawing

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {
        switch app.plan.body {
        case .panes(let rects):
            drawTimeline(&buffer, rects.timeline, app)
            for pane in Pane.allCases where pane != .timeline { drawDetail(pane, &buffer, rects[pane], app) }
        case .tabs(let strip, let rect):
            drawTabs(&buffer, strip)
            if focus == .timeline { drawTimeline(&buffer, rect, app) } else { drawDetail(focus, &buffer, rect, app) }
        default: break
        }
    }

    /// Where each tab sits: padded when there is room, tight when not.
    static func tabPositions(_ rect: Rect) -> [(pane: Pane, x: Int, width: Int)] {
        let padded = Pane.allCases.reduce(0) { $0 + $1.title.count + 2 } <= rect.width
        var x = rect.x
        return Pane.allCases.map { pane in
            let width = pane.title.count + (padded ? 2 : 1)
            defer { x += width }
            return (pane, x, width)
        }
    }

    func drawTabs(_ buffer: inout ScreenBuffer, _ rect: Rect) {
        let tabs = TimelineView.tabPositions(rect)
        for (pane, x, width) in tabs {
            buffer.put(TerminalText.pad(" " + pane.title, to: width), x: x, y: rect.y, style: pane == focus ? .selection : .dim, limit: width)
        }
        let used = tabs.last.map { $0.x + $0.width } ?? rect.x
        if rect.maxX - used >= 6 { buffer.put("Tab ⇥", x: rect.maxX - 5, y: rect.y, style: .dim) }
    }

    func drawTimeline(_ buffer: inout ScreenBuffer, _ rect: Rect, _ app: AppState) {
        let focused = focus == .timeline
        let hits = app.hits.isEmpty ? "" : " · " + (app.hits.exactCount.map { "\(grouped($0)) with hits" } ?? "with hits")
        let soFar = app.loading == nil ? "" : " so far"
        let count = app.index.shown.map { "\(grouped($0.count)) of \(counted(app.timeline.events.count, "event"))" } ?? counted(app.timeline.events.count, "event")
        buffer.pane(rect, title: "Timeline · \(count)\(soFar)\(hits)", focused: focused)
        let inner = rect.inset(1)
        guard inner.height > 0, inner.width > 0 else { return }
        let selectedEvent = app.selectedEvent
        buffer.drawAxis(Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), days: app.index.axisDays, labels: app.index.axisLabels,
                        selected: selectedEvent.flatMap { $0.background ? nil : $0.date.date.firstDay }, selectedIsBackground: selectedEvent?.background ?? false,
                        asOf: app.asOf?.lastDay, eras: app.index.eraDays)
        let rows = app.index.rows
        let height = TimelineView.listHeight(rect)
        for i in 0..<height {
            let r = scroll + i
            guard r < rows.count else { break }
            drawRow(&buffer, rows[r], x: inner.x, y: inner.y + 2 + i, width: inner.width, focused: focused, app)
        }
        if rows.count > height, height > 0 {
            let shown = "\(min(rows.count, scroll + height) * 100 / rows.count)%"
            let position = app.index.shown.map { $0.lowerBound(of: app.selected) } ?? app.selected
            let text = " \(grouped(position + 1))/\(grouped(app.index.shownCount(app.timeline))) \(shown) "
            let width = TerminalText.displayWidth(text)
            if width + 4 <= rect.width { buffer.put(text, x: rect.maxX - 2 - width, y: rect.maxY - 1, style: .dim) }
        }
    }

    func drawRow(_ buffer: inout ScreenBuffer, _ row: TimelineIndex.Row, x: Int, y: Int, width: Int, focused: Bool, _ app: AppState) {
        switch row {
        case .gap: break
        case .section:
            buffer.put("▌" + app.timeline.backgroundHeading, x: x, y: y, style: .background, limit: width)
        case .month(let text):
            buffer.put(text, x: x, y: y, style: .heading, limit: width)
        case .day(let text):
            buffer.put(" " + text, x: x, y: y, style: .accent, limit: width)
        case .event(let e):
            let event = app.timeline.events[e]
            let isSelected = e == app.selected
            let hit = app.hits.contains(e)
            let marker = isSelected ? "▶" : (hit ? "●" : (event.background ? "◦" : "•"))
            let base: Style = event.background ? .background : .normal
            // At the row's end: ★ starred and ✎ a note, which the title gives way to, and ¹ for an
            // event with one source only, where the whole title leaves room for it.
            let line: Line = [Span("  " + marker + " ", hit && !isSelected ? .match : base)] + app.highlighter.line(event.title, base)
            let own = (app.marks.starred.contains(event.id) ? "★" : "") + (app.marks.notes[event.id] != nil ? "✎" : "")
            let lineWidth = line.reduce(0) { $0 + TerminalText.displayWidth($1.text) }
            let single = app.timeline.restsOnOneSource(e) && lineWidth + TerminalText.displayWidth(own) + 2 <= width
            // The event's lane (group), where the title leaves room for it.
            let group = event.group.map { " " + TerminalText.truncate(TerminalText.sanitize($0), to: 14) } ?? ""
            let fitsGroup = !group.isEmpty && lineWidth + TerminalText.displayWidth(own + group) + (single ? 3 : 2) <= width
            let marks = own + (single ? "¹" : "") + (fitsGroup ? group : "")
            let markWidth = marks.isEmpty ? 0 : TerminalText.displayWidth(marks) + 1
            buffer.put(line, x: x, y: y, limit: width - markWidth)
            if markWidth > 0, width > markWidth + 6 { buffer.put(marks, x: x + width - markWidth + 1, y: y, style: .accent) }
            if isSelected { buffer.markSelected(x: x, y: y, width: width, focused: focused) }
        }
    }

    func drawDetail(_ pane: Pane, _ buffer: inout ScreenBuffer, _ rect: Rect, _ app: AppState) {
        let focused = focus == pane
        let detail = content(app)
        let count = pane == .event ? "" : " (\(detail.items(pane).count))"
        buffer.pane(rect, title: pane.title + count, focused: focused)
        let inner = rect.inset(1)
        guard inner.height > 0, inner.width > 0 else { return }
        if pane == .event {
            buffer.drawLines(detail.event, scroll: position(.event).scroll, rect: inner, frame: rect, focused: focused)
            return
        }
        let items = detail.items(pane)
        if items.isEmpty {
            buffer.put(EventDetail.emptyText(pane), x: inner.x, y: inner.y, style: .dim, limit: inner.width)
            return
        }
        buffer.drawList(ListGeometry(items), position: position(pane), rect: inner, focused: focused, showCursor: focused, frame: rect)
    }
}

