import TimelineModel

/// A full-screen view that is one list with a cursor (a person's involvement, a measure's
/// history): moving, paging, clicking and opening work the same in each.
protocol ListView: BrowserView {
    var position: ListPosition { get set }
    /// The list laid out for a width (from the view's memo when it holds that width).
    func geometry(_ app: AppState, width: Int) -> ListGeometry
    /// The box's title.
    func title(_ app: AppState) -> String
}

extension ListView {
    func body(_ area: Rect, _ app: AppState) -> LayoutPlan.Body { .full(area) }

    /// The list's rectangle inside the box.
    func listRect(_ app: AppState) -> Rect? {
        guard case .full(let rect) = app.plan.body else { return nil }
        return rect.inset(1)
    }

    func geometry(_ app: AppState) -> ListGeometry? {
        listRect(app).map { geometry(app, width: max(1, $0.width)) }
    }

    mutating func settle(_ app: AppState) {
        guard let rect = listRect(app), let geometry = geometry(app) else { return }
        position = geometry.settle(position, height: rect.height)
    }

    /// Moving and paging; Enter opens what the cursor is on. Other actions are the view's own.
    mutating func performListAction(_ action: Action, _ app: AppState) -> Outcome {
        let page = max(1, (listRect(app)?.height ?? 1) - 1)
        switch action {
        case .moveDown: moveCursor(by: 1)
        case .moveUp: moveCursor(by: -1)
        case .pageDown: moveCursor(by: page)
        case .pageUp: moveCursor(by: -page)
        case .first: position.cursor = 0
        case .last: position.cursor = Int.max / 2
        case .open:
            if let target = geometry(app)?.selectedItem(position)?.target { return .open(target) }
        default: break
        }
        return .done
    }

    mutating func moveCursor(by delta: Int) {
        position.cursor = max(0, position.cursor.saturatingAdd(ListGeometry.step(delta)))
    }

    mutating func click(_ button: MouseButton, x: Int, y: Int, _ app: inout AppState) {
        guard let rect = listRect(app), let geometry = geometry(app) else { return }
        switch button {
        case .wheelUp: position.scroll = max(0, position.scroll - 3); position.cursor = max(0, position.cursor - 3)
        case .wheelDown: moveCursor(by: 3)
        case .left:
            guard rect.contains(x: x, y: y) else { return }
            position = geometry.settle(position, height: rect.height)
            if let cursor = geometry.cursor(atLine: position.scroll + y - rect.y) { position.cursor = cursor }
        }
    }

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {
        guard case .full(let rect) = app.plan.body, let geometry = geometry(app) else { return }
        buffer.pane(rect, title: title(app), focused: true)
        let inner = rect.inset(1)
        guard !inner.isEmpty else { return }
        buffer.drawList(geometry, position: position, rect: inner, focused: true, frame: rect)
    }
}
