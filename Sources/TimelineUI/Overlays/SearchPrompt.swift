import TimelineModel

/// `/`: search as you type, in the bar: the timeline's events (the first hit at or after where
/// the search started is selected as the text changes), or in the source reader the source's
/// text. Enter keeps the search, Esc brings back the one before.
struct SearchPrompt: Overlay {
    var mode: Mode { .searchPrompt }
    private(set) var text = ""
    let previousQuery: String?
    let previousSelection: Int
    /// Searching the source reader's text rather than the events.
    let inSource: Bool

    init(previousQuery: String?, previousSelection: Int, inSource: Bool = false) {
        self.previousQuery = previousQuery
        self.previousSelection = previousSelection
        self.inSource = inSource
    }

    func frame(_ app: AppState) -> Rect? { nil }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        switch action {
        case .open:
            if inSource {
                app.sourceQuery = text.isEmpty ? nil : text
                return .close
            }
            if text.isEmpty { app.setQuery(nil) } else if app.hits.isEmpty { app.message = "Nothing matches “\(text)”" }
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
        if inSource { app.sourceQuery = previousQuery; return }
        app.setQuery(previousQuery)
        app.selected = previousSelection
    }

    /// Searches for the text so far and selects its first hit from where the search started.
    func update(_ app: inout AppState) {
        if inSource {
            app.sourceQuery = text.isEmpty ? nil : text
            return
        }
        app.setQuery(text.isEmpty ? nil : text)
        app.selected = app.hits.first(after: previousSelection - 1) ?? app.hits.first(after: -1) ?? previousSelection
    }

    mutating func settle(_ app: AppState) {}

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {}

    func bar(_ app: AppState) -> (lead: Line, status: String) {
        if inSource, let reader = app.view as? ReaderView {
            let hits = reader.hitCount(app)
            return ([Span("/", .barKey), Span(text, .bar), Span("▏", .barKey)], text.isEmpty ? "" : hits == 0 ? "no match" : counted(hits, "line") + " with hits")
        }
        let count = app.hits.isEmpty ? (text.isEmpty ? "" : "no match") : hitCount(app.hits)
        return ([Span("/", .barKey), Span(text, .bar), Span("▏", .barKey)], count)
    }
}
