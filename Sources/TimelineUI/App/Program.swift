import TimelineModel

/// The whole program as a value: the loading screen until there is a timeline to show, then the
/// browser. Keys, resizes, the load's news and signals all arrive as `Input`s, and what the
/// world must do leaves as `Effect`s; the driver only translates and draws.
public struct Program: Sendable {
    /// What is on screen.
    public enum Phase: Sendable {
        /// Waiting for the timeline; the progress once the load has taken long enough to show.
        case loading(LoadingScreen)
        case browsing(AppState)
    }

    public private(set) var phase: Phase
    let request: OpeningRequest
    let mouse: Bool
    let keymap: Keymap

    /// A program loading the timeline called `name`, to open as `request` says.
    public init(name: String, size: Size, request: OpeningRequest = OpeningRequest(), mouse: Bool = true, keymap: Keymap = .standard) {
        phase = .loading(LoadingScreen(name: name, progress: nil, size: size, keymap: keymap))
        self.request = request
        self.mouse = mouse
        self.keymap = keymap
    }

    /// The browser, once there is one.
    public var state: AppState? {
        if case .browsing(let state) = phase { return state }
        return nil
    }

    /// Applies one input; returns what the world must do.
    @discardableResult
    public mutating func handle(_ input: Input) -> [Effect] {
        switch (phase, input) {
        case (_, .signal(let number)):
            return [.exit(128 + number)]
        case (_, .loadFailed(let error)):
            return [.loadFailed(error, whileBrowsing: state != nil)]
        case (.loading(var screen), .loadProgress(let progress)):
            screen.progress = progress
            phase = .loading(screen)
        case (.loading(let screen), .preview(let timeline, let progress)):
            var state = AppState(timeline: timeline, size: screen.size, mouse: mouse, keymap: keymap)
            state.loading = progress
            state.settle()
            phase = .browsing(state)
        case (.loading(let screen), .loaded(let timeline)):
            switch request.resolve(in: timeline) {
            case .failure(let failure):
                return [.notFound(failure)]
            case .success(let found):
                var state = AppState(timeline: timeline, size: screen.size, mouse: mouse, keymap: keymap)
                state.open(event: found.event, person: found.person)
                phase = .browsing(state)
            }
        case (.loading(var screen), .resize(let size)):
            screen.size = size
            phase = .loading(screen)
        case (.loading, .key(let key)):
            switch keymap.table(.loading).action(for: key) {
            case .quit: return [.quit]
            case .redraw: return [.redraw]
            default: break
            }
        case (.loading, .mouse):
            break
        case (.browsing(var state), .loadProgress(let progress)):
            // Only a preview is still loading; a finished timeline has no progress to show.
            guard state.loading != nil else { break }
            state.loading = progress
            phase = .browsing(state)
        case (.browsing(let state), .preview(let timeline, let progress)):
            phase = .browsing(state.replacingTimeline(timeline, loading: progress))
        case (.browsing(let state), .loaded(let timeline)):
            phase = .browsing(state.replacingTimeline(timeline, loading: nil))
        case (.browsing(var state), _):
            let effects = state.handle(input)
            phase = .browsing(state)
            return effects
        }
        return []
    }

    /// The frame to show, or nil while a quick load has nothing to show yet.
    public func render() -> ScreenBuffer? {
        switch phase {
        case .loading(let screen): screen.progress == nil ? nil : screen.render()
        case .browsing(let state): state.render()
        }
    }

    /// Whether the whole timeline is loaded and on screen.
    public var isLoaded: Bool { state.map { $0.loading == nil } ?? false }
}
