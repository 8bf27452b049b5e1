import TimelineModel

/// `/`: search as you type, in the bar. The first hit at or after where the search started is
/// selected as the text changes; Enter keeps the search, Esc brings back the one before.
struct SearchPrompt: Overlay {
    var mode: Mode { .searchPrompt }
    private(set) var text = ""
    let previousQuery: String?
    let previousSelection: Int

    init(previousQuery: String?, previousSelection: Int) {
        self.previousQuery = previousQuery
        self.previousSelection = previousSelection
    }

    func frame(_ app: AppState) -> Rect? { nil }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        switch action {
        case .open:
            if text.isEmpty { app.setQuery(nil) } else if app.hitEvents.isEmpty { app.message = "Nothing matches “\(text)”" }
            return .close
        case .back:
            cancel(&app)
            return .close
        case .deleteBackward:
            guard !text.isEmpty else { cancel(&app); return .close }
            text.removeLast()
        case .clearText:
            text = ""
        default:
            return .done
        }
        update(&app)
        return .done
    }

    mutating func type(_ character: Character, _ app: inout AppState) {
        text.append(character)
        update(&app)
    }

    func cancel(_ app: inout AppState) {
        app.setQuery(previousQuery)
        app.selected = previousSelection
    }

    /// Searches for the text so far and selects its first hit from where the search started.
    func update(_ app: inout AppState) {
        app.setQuery(text.isEmpty ? nil : text)
        app.selected = app.hitEvents.first(after: previousSelection - 1) ?? app.hitEvents.first ?? previousSelection
    }

    mutating func settle(_ app: AppState) {}

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {}

    func bar(_ app: AppState) -> (lead: Line, status: String) {
        let count = app.hitEvents.isEmpty ? (text.isEmpty ? "" : "no match") : counted(app.hitEvents.count, "event")
        return ([Span("/", .barKey), Span(text, .bar), Span("▏", .barKey)], count)
    }
}
