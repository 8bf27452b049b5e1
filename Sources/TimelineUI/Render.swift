import TimelineModel

extension AppState {
    /// The whole frame. Pure: a function of the state alone.
    public func render() -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        switch layout {
        case .tooSmall:
            drawTooSmall(&buffer)
            return buffer
        case .wide(let panes, _):
            drawTimeline(&buffer, panes[.timeline]!)
            for pane in [Pane.event, .people, .measures, .quotes] { drawDetail(pane, &buffer, panes[pane]!) }
        case .narrow(let tabs, let rect, _):
            drawTabs(&buffer, tabs)
            if focus == .timeline { drawTimeline(&buffer, rect) } else { drawDetail(focus, &buffer, rect) }
        case .full(let body, _):
            drawFullView(&buffer, body)
        }
        switch overlay {
        case .help(let scroll): drawHelp(&buffer, scroll: scroll)
        case .peoplePicker(let filter, let position): drawPicker(&buffer, filter: filter, position: position)
        case .searchPrompt, nil: break
        }
        drawBar(&buffer)
        return buffer
    }

    func drawTooSmall(_ buffer: inout ScreenBuffer) {
        guard size.height > 0, size.width > 0 else { return }
        let need = ScreenLayout.minimum
        let text = "Terminal too small: \(size) — tl needs at least \(need). Enlarge it or press q."
        let fitted = TerminalText.truncate(text, to: size.width)
        let x = max(0, (size.width - TerminalText.displayWidth(fitted)) / 2)
        buffer.put(fitted, x: x, y: size.height / 2, style: .error)
    }

    func drawTabs(_ buffer: inout ScreenBuffer, _ rect: Rect) {
        for (pane, x, width) in tabPositions(rect) {
            buffer.put(TerminalText.pad(" " + pane.title, to: width), x: x, y: rect.y, style: pane == focus ? .selection : .dim, limit: width)
        }
        let used = tabPositions(rect).last.map { $0.x + $0.width } ?? rect.x
        if rect.maxX - used >= 6 { buffer.put("Tab ⇥", x: rect.maxX - 5, y: rect.y, style: .dim) }
    }

    /// Where each tab sits: padded when there is room, tight when not.
    func tabPositions(_ rect: Rect) -> [(pane: Pane, x: Int, width: Int)] {
        let padded = Pane.allCases.reduce(0) { $0 + $1.title.count + 2 } <= rect.width
        var x = rect.x
        return Pane.allCases.map { pane in
            let width = pane.title.count + (padded ? 2 : 1)
            defer { x += width }
            return (pane, x, width)
        }
    }

    // MARK: Timeline pane

    /// Rows of the timeline pane that hold its list (below the date axis).
    func timelineListHeight(_ rect: Rect) -> Int { max(0, rect.height - 2 - 2) }

    func drawTimeline(_ buffer: inout ScreenBuffer, _ rect: Rect) {
        let focused = focus == .timeline
        let hits = hitEvents.isEmpty ? "" : " · \(hitEvents.count) with hits"
        let soFar = loading == nil ? "" : " so far"
        buffer.box(rect, title: "Timeline · \(grouped(timeline.events.count)) events\(soFar)\(hits)", focused: focused)
        let inner = rect.inset(1)
        guard inner.height > 0, inner.width > 0 else { return }
        drawAxis(&buffer, Rect(x: inner.x, y: inner.y, width: inner.width, height: 1))
        let listTop = inner.y + 2
        let height = timelineListHeight(rect)
        for i in 0..<height {
            let r = timelineScroll + i
            guard r < rows.count else { break }
            drawTimelineRow(&buffer, rows[r], x: inner.x, y: listTop + i, width: inner.width, focused: focused)
        }
        if rows.count > height, height > 0 {
            let shown = "\(min(rows.count, timelineScroll + height) * 100 / rows.count)%"
            buffer.put(" \(selected + 1)/\(timeline.events.count) \(shown) ", x: max(rect.x + 1, rect.maxX - 14), y: rect.maxY - 1, style: .dim, limit: 13)
        }
    }

    func drawTimelineRow(_ buffer: inout ScreenBuffer, _ row: TimelineRow, x: Int, y: Int, width: Int, focused: Bool) {
        switch row {
        case .gap: break
        case .section(let text):
            buffer.put("▌" + text + " · before the G20 meeting", x: x, y: y, style: .background, limit: width)
        case .month(let text):
            buffer.put(text, x: x, y: y, style: .heading, limit: width)
        case .day(let text):
            buffer.put(" " + text, x: x, y: y, style: .accent, limit: width)
        case .event(let e):
            let event = timeline.events[e]
            let isSelected = e == selected
            let hit = hitEvents.sortedIndex(of: e) != nil
            let marker = isSelected ? "▶" : (hit ? "●" : (event.background ? "◦" : "•"))
            let base: Style = event.background ? .background : .normal
            let line: Line = [Span("  " + marker + " ", hit && !isSelected ? .match : base)] + highlighted(event.title, base)
            buffer.put(line, x: x, y: y, limit: width)
            if isSelected { select(&buffer, x: x, y: y, width: width, focused: focused) }
        }
    }

    /// Marks a selected row without hiding search matches in it.
    func select(_ buffer: inout ScreenBuffer, x: Int, y: Int, width: Int, focused: Bool) {
        let style: Style = focused ? .selection : .selectionInactive
        for column in x..<min(buffer.size.width, x + width) where buffer[column, y].style != .match {
            buffer.restyle(x: column, y: y, width: 1, style: style)
        }
    }

    /// "29 Jun ├──•──•──────▲•┤ 9 Jul": where events fall between the first and last dated
    /// non-background events, and where the selection is.
    func drawAxis(_ buffer: inout ScreenBuffer, _ rect: Rect) {
        guard let firstDay = axisDays.first, let lastDay = axisDays.last else { return }
        let start = CivilDay(dayNumber: firstDay), end = CivilDay(dayNumber: lastDay)
        let left = "\(start.day) \(shortMonthNames[start.month - 1]) "
        let right = " \(end.day) \(shortMonthNames[end.month - 1])"
        let track = rect.width - left.count - right.count - 2
        guard track >= 3 else { return }
        let span = max(1, lastDay - firstDay)
        func column(_ day: Int) -> Int { min(track - 1, max(0, (day - firstDay) * (track - 1) / span)) }
        // A column is marked when any event falls in its days: a binary search per column, so
        // the axis costs the same for ten events or a million.
        let cells = (0..<track).map { c -> String in
            let from = firstDay + (c * span + track - 2) / (track - 1)
            let next = axisDays.lowerBound(of: from)
            return next < axisDays.count && column(axisDays[next]) == c ? "•" : "─"
        }
        buffer.put(left + "├" + cells.joined() + "┤" + right, x: rect.x, y: rect.y, style: .dim, limit: rect.width)
        let x = rect.x + left.count + 1
        if let event = selectedEvent {
            if event.background {
                buffer.put("◀", x: x - 1, y: rect.y, style: .selection)
            } else {
                buffer.put("▲", x: x + column(event.date.date.firstDay), y: rect.y, style: .selection)
            }
        }
    }

    // MARK: Detail panes

    func drawDetail(_ pane: Pane, _ buffer: inout ScreenBuffer, _ rect: Rect) {
        let focused = focus == pane
        let inner = rect.inset(1)
        let count: String
        switch pane {
        case .people: count = " (\(selectedEvent?.participants.count ?? 0))"
        case .measures: count = " (\(timeline.changesOfEvent.indices.contains(selected) ? timeline.changesOfEvent[selected].count : 0))"
        case .quotes: count = " (\(selectedEvent?.quotes.count ?? 0))"
        default: count = ""
        }
        buffer.box(rect, title: pane.title + count, focused: focused)
        guard inner.height > 0, inner.width > 0 else { return }
        if pane == .event {
            let lines = eventLines(width: inner.width)
            let scroll = min(position(.event).scroll, max(0, lines.count - inner.height))
            for (i, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
                buffer.put(line, x: inner.x, y: inner.y + i, limit: inner.width)
            }
            return
        }
        let items = items(for: pane, width: inner.width)
        if items.isEmpty {
            let empty = pane == .people ? "No one is named in this event." : pane == .measures ? "No measure changes in this event." : "No quotes."
            buffer.put(empty, x: inner.x, y: inner.y, style: .dim, limit: inner.width)
            return
        }
        drawList(&buffer, ListGeometry(items), position: position(pane), rect: inner, focused: focused, showCursor: focused)
    }

    func drawList(_ buffer: inout ScreenBuffer, _ geometry: ListGeometry, position: ListPosition, rect: Rect, focused: Bool, showCursor: Bool = true) {
        let settled = geometry.settle(position, height: rect.height)
        let selectedItem = settled.cursor < geometry.selectableCount ? geometry.itemIndex(ofCursor: settled.cursor) : nil
        // Only the items on screen are laid out (a list's rows are built when asked for).
        var index = geometry.itemIndex(atLine: settled.scroll) ?? geometry.count
        while index < geometry.count, geometry.start(index) < settled.scroll + rect.height {
            for (offset, itemLine) in geometry.item(index).lines.enumerated() {
                let y = rect.y + geometry.start(index) + offset - settled.scroll
                guard y >= rect.y, y < rect.maxY else { continue }
                buffer.put(itemLine, x: rect.x, y: y, limit: rect.width)
                if showCursor, index == selectedItem { select(&buffer, x: rect.x, y: y, width: rect.width, focused: focused) }
            }
            index += 1
        }
        if geometry.lineCount > rect.height, rect.height > 0 {
            // A scroll indicator in the right border, so long lists show there is more.
            let thumb = settled.scroll * (rect.height - 1) / max(1, geometry.lineCount - rect.height)
            buffer.put("┃", x: rect.maxX, y: rect.y + thumb, style: focused ? .borderFocused : .border)
        }
    }

    // MARK: Full-screen views

    func drawFullView(_ buffer: inout ScreenBuffer, _ rect: Rect) {
        let inner = rect.inset(1)
        switch view {
        case .browse: break
        case .involvement(let p, let position):
            buffer.box(rect, title: "\(timeline.people[p].name) · involvement", focused: true)
            guard !inner.isEmpty else { return }
            drawList(&buffer, involvementList(person: p, width: inner.width), position: position, rect: inner, focused: true)
        case .measureHistory(let m, let position):
            buffer.box(rect, title: "\(timeline.measures[m].name) · history", focused: true)
            guard !inner.isEmpty else { return }
            drawList(&buffer, measureList(measure: m, width: inner.width), position: position, rect: inner, focused: true)
        case .reader(let s, let citation, let scroll):
            let source = timeline.sources[s]
            buffer.box(rect, title: "Source · \(source.outlet)", focused: true)
            guard !inner.isEmpty else { return }
            let page = readerPage(source: s, citation: citation, width: inner.width)
            let top = min(scroll, max(0, page.lines.count - inner.height))
            for (i, line) in page.lines.dropFirst(top).prefix(inner.height).enumerated() {
                buffer.put(line, x: inner.x, y: inner.y + i, limit: inner.width)
            }
        }
    }

    // MARK: Overlays

    func overlayRect(width: Int, height: Int) -> Rect {
        let w = min(width, size.width - 2)
        let h = min(height, size.height - 2)
        return Rect(x: (size.width - w) / 2, y: max(0, (size.height - 1 - h) / 2), width: w, height: h)
    }

    func drawHelp(_ buffer: inout ScreenBuffer, scroll: Int) {
        let rect = overlayRect(width: 76, height: helpLines(width: 72).count + 2)
        buffer.fill(rect, style: .normal)
        buffer.box(rect, title: "Keys · j/k scroll · Esc or ? closes", focused: true)
        let inner = rect.inset(1)
        guard !inner.isEmpty else { return }
        let lines = helpLines(width: inner.width)
        let top = min(scroll, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            buffer.put(line, x: inner.x, y: inner.y + i, limit: inner.width)
        }
    }

    /// The help text, made from the action table.
    func helpLines(width: Int) -> [Line] {
        let keyWidth = 20
        var lines: [Line] = []
        for action in Action.allCases {
            let wrappedHelp = TerminalText.wrap(action.help, width: max(10, width - keyWidth - 1))
            for (i, text) in wrappedHelp.enumerated() {
                lines.append([Span(TerminalText.pad(i == 0 ? action.keyLabels : "", to: keyWidth), .barKey), Span(" " + text)])
            }
        }
        lines += [[], [Span("In the people picker, type to filter; ↑/↓ choose, Enter opens, Esc closes.", .dim)]]
        lines.append([Span("In the search prompt, type to search as you go; Enter keeps the search, Esc cancels.", .dim)])
        lines.append([Span(mouseEnabled ? "Mouse: click selects and focuses, the wheel scrolls (tl --no-mouse turns it off)." : "Mouse: off (--no-mouse).", .dim)])
        return lines.flatMap { line -> [Line] in
            // Lines longer than the box wrap rather than vanish.
            let text = line.map(\.text).joined()
            guard TerminalText.displayWidth(text) > width, line.count == 1 else { return [line] }
            return TerminalText.wrap(text, width: width).map { [Span($0, line[0].style)] }
        }
    }

    func drawPicker(_ buffer: inout ScreenBuffer, filter: String, position: ListPosition) {
        let rect = overlayRect(width: 64, height: min(timeline.people.count, 16) + 4)
        buffer.fill(rect, style: .normal)
        buffer.box(rect, title: "People · type to filter · Enter opens", focused: true)
        let inner = rect.inset(1)
        guard inner.height >= 2 else { return }
        buffer.put([Span("Filter: ", .dim), Span(filter), Span("▏", .accent)], x: inner.x, y: inner.y, limit: inner.width)
        let people = pickerPeople(filter: filter)
        let listRect = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        if people.isEmpty {
            buffer.put("No one matches.", x: listRect.x, y: listRect.y, style: .dim, limit: listRect.width)
        } else {
            let shown = people[min(position.scroll, people.count)..<min(people.count, position.scroll + listRect.height)]
            drawList(&buffer, ListGeometry(pickerItems(shown)), position: ListPosition(cursor: position.cursor - position.scroll), rect: listRect, focused: true)
        }
    }

    // MARK: The bar

    func drawBar(_ buffer: inout ScreenBuffer) {
        guard let rect = layout.bar else { return }
        if case .searchPrompt(let text, _) = overlay {
            buffer.fill(rect, style: .bar)
            let count = hitEvents.isEmpty ? (text.isEmpty ? "" : "no match") : "\(hitEvents.count) event\(hitEvents.count == 1 ? "" : "s")"
            buffer.put([Span("/", .barKey), Span(text, .bar), Span("▏", .barKey)], x: rect.x, y: rect.y, limit: rect.width - TerminalText.displayWidth(count) - 1)
            buffer.put(count, x: rect.maxX - TerminalText.displayWidth(count), y: rect.y, style: .bar)
            return
        }
        if let message {
            buffer.fill(rect, style: .bar)
            buffer.put(message, x: rect.x, y: rect.y, style: .bar, limit: rect.width)
            return
        }
        drawHintBar(&buffer, rect, actions: hintActions, status: statusText)
    }

    /// The actions worth a hint where the user is now.
    var hintActions: [Action] {
        var actions: [Action] = [.moveDown]
        switch view {
        case .browse:
            actions += [.nextPane, .open, .search]
            if query != nil { actions.append(.nextMatch) }
            if trail != nil { actions.append(.nextOfPerson) }
            actions.append(.pickPerson)
        case .reader:
            actions += [.nextMatch, .open]
        case .involvement, .measureHistory:
            actions += [.open]
        }
        actions += back.isEmpty ? [.help, .quit] : [.back, .help]
        return loading == nil ? actions : actions.filter(\.worksWhileLoading)
    }

    /// Right side of the bar: where the user is.
    var statusText: String {
        if let loading { return "loading \(Int(loading.fraction * 100))% " }
        switch view {
        case .browse:
            var parts: [String] = []
            if let trail, let position = timeline.eventsOfPerson[trail].sortedIndex(of: selected) {
                parts.append("\(timeline.people[trail].name) \(position + 1)/\(timeline.eventsOfPerson[trail].count)")
            }
            if let query, let i = hitEvents.sortedIndex(of: selected) { parts.append("/\(query) \(i + 1)/\(hitEvents.count)") }
            return parts.isEmpty ? "" : parts.joined(separator: " · ") + " "
        case .reader(let s, let citation, _):
            let citations = timeline.citationsOfSource[s]
            guard citations.indices.contains(citation) else { return "" }
            return "passage \(citation + 1)/\(citations.count) · \(citedBy(citations[citation].use)) "
        case .involvement(let p, _): return "\(timeline.eventsOfPerson[p].count) events "
        case .measureHistory(let m, _): return "\(timeline.measures[m].changes.count) changes "
        }
    }

    func citedBy(_ use: QuoteUse) -> String {
        switch use {
        case .event(let e), .dateDerivation(let e): "event " + timeline.events[e].id
        case .role(let p, _): "role of " + timeline.people[p].name
        case .measure(let m): "measure " + timeline.measures[m].id
        case .change(let m, let c): "change in " + timeline.measures[m].changes[c].event
        }
    }
}
