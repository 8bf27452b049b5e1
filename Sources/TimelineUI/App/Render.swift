import TimelineModel

extension AppState {
    /// The whole frame. Pure: a function of the state alone.
    public func render() -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        guard plan.body != .tooSmall, let bar = plan.bar else {
            buffer.drawTooSmall(need: LayoutPlan.minimum)
            return buffer
        }
        view.draw(&buffer, self)
        overlay?.draw(&buffer, self)
        let prompt = overlay?.bar(self)
        if let prompt, !prompt.lead.isEmpty {
            buffer.drawHintBar(bar, hints: hints, status: prompt.status, lead: prompt.lead)
        } else if let message {
            buffer.drawMessage(bar, message, essentials: hints.filter(\.essential))
        } else {
            buffer.drawHintBar(bar, hints: hints, status: statusText)
        }
        return buffer
    }

    /// The hints of the mode in force that apply now: from its key table, less what needs a
    /// search, a person followed or the back stack when there is none, and what waits for the load.
    var hints: [Hint] {
        let table = keymap.table(mode)
        return table.bindings.filter { binding in
            guard binding.hint != nil, !binding.keys.isEmpty else { return false }
            if loading != nil, !binding.action.worksWhileLoading { return false }
            guard overlay == nil else { return true }
            switch binding.action {
            case .back: return !back.isEmpty
            case .quit: return back.isEmpty
            case .showProblems: return !problems.isEmpty
            default: return view.offers(binding.action, self)
            }
        }.map { Hint($0, in: table) }
    }

    /// The bar's right side: the overlay's, the load's progress, or the view's.
    var statusText: String {
        if let overlay { return overlay.bar(self).status }
        if let loading { return "loading \(Int(loading.fraction * 100))%" }
        let own = view.status(self)
        guard !problems.isEmpty, !(view is ProblemsView) else { return own }
        return [counted(problems.count, "problem"), own].filter { !$0.isEmpty }.joined(separator: " · ")
    }
}
