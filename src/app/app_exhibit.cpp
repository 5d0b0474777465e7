// The App's exhibit: loaded, checked and reloaded on the jobs worker,
// installed on the render thread.
#include "app/app.h"

namespace kiosk {

// [SECTION] The exhibit: load, check, reload -------------------------------------

App::Loaded App::LoadOnWorker(bool fallback) const {
    Loaded out;
    out.exhibit = m_source.Load(fallback);
    if (out.exhibit) {
        for (auto& f : out.exhibit->fonts) {
            // A face named title*.ttf sets the titles; the first other one the text.
            const bool title = f.name.rfind("title", 0) == 0;
            if (title && out.faces.title.empty())
                out.faces.title = std::move(f.data);
            else if (!title && out.faces.body.empty())
                out.faces.body = std::move(f.data);
        }
        out.exhibit->fonts.clear();
        if (!out.faces.body.empty()) {
            if (out.faces.title.empty()) out.faces.title = out.faces.body;
            out.faces.description = "fonts carried by the exhibit";
        }
    }
    if (out.faces.body.empty()) {
        out.faces = FindSystemFonts(m_cfg.font_dirs);
        if (out.exhibit) Log("the exhibit carries no fonts; using " + out.faces.description);
    }
    return out;
}

void App::Install(Loaded loaded, int64_t now, std::unique_ptr<DecodeQueue> early) {
    if (loaded.exhibit) {
        m_shown = Shown{loaded.exhibit->path, loaded.exhibit->key};
        m_exhibit = std::move(loaded.exhibit->exhibit);
    } else {
        m_shown.reset();
        m_exhibit = Exhibit{};
    }
    m_faces = std::move(loaded.faces);
    m_fonts_key.clear();
    NewImagePipeline(std::move(early));
    m_playback.SetPackage(m_shown ? m_shown->path : ""); // whatever played stops
    const int visits = m_state.visits;
    m_state = InitialState(m_exhibit, m_cfg.settings, now);
    m_state.visits = visits;
    if (!m_shown) m_state.screen = Screen::Unavailable;
    m_next_frame = now;
    // The whole-file check reads all of the package on the worker: at the
    // start it would compete with the first frame for the cores and the disk.
    if (m_shown && m_first_frame_done)
        PostCheck();
    else if (m_shown)
        m_check_deferred = true;
}

std::unique_ptr<DecodeQueue> App::MakeDecodeQueue(const std::string& path,
                                                  std::optional<bool> opaque_bgra) {
    auto reader = std::make_shared<std::unique_ptr<ImageReader>>();
    return std::make_unique<DecodeQueue>(
        [reader, path](const ImageKey& key) {
            if (!*reader) *reader = std::make_unique<ImageReader>(path); // on the worker thread
            return (*reader)->Read(key.id, key.thumbnail);
        },
        ImageLimits{}, [] { Window::Wake(); }, opaque_bgra);
}

void App::NewImagePipeline(std::unique_ptr<DecodeQueue> early) {
    m_cache.reset();
    m_queue.reset();
    // Opaque pictures in B, G, R, A order where the renderer draws them so.
    const bool bgra = m_window && m_window->pictures_wanted() && !m_plain_pictures;
    if (early) {
        early->SetOpaqueBgra(bgra);
        m_queue = std::move(early);
    } else {
        m_queue = MakeDecodeQueue(m_shown ? m_shown->path : "", bgra);
    }
    m_cache = std::make_unique<TextureCache>(*m_queue, m_cfg.texture_budget_mb << 20, Log);
}

// The whole-file check of the package on screen. A package that fails it is
// dropped at once, mid-visit or not: a damaged file must not be read
// further. The previous good one (or the unavailable screen) takes its place.
void App::PostCheck() {
    const Shown shown = *m_shown;
    m_jobs.Post([this, shown]() -> Jobs::Done {
        const std::string problem = m_source.Check(shown.path);
        if (problem.empty()) return {};
        Log(problem + "; it will not be shown");
        m_source.MarkBad(shown.key);
        auto loaded = std::make_shared<Loaded>(LoadOnWorker(true));
        return [this, shown, loaded] {
            if (!m_shown || !(m_shown->key == shown.key)) return; // replaced meanwhile
            Install(std::move(*loaded), m_state.now_ms);
        };
    });
}

void App::DropShown() {
    if (m_drop_pending) return;
    m_drop_pending = true; // nothing is drawn until the fallback is in
    const Shown shown = *m_shown;
    m_source.MarkBad(shown.key);
    m_jobs.Post([this, shown]() -> Jobs::Done {
        auto loaded = std::make_shared<Loaded>(LoadOnWorker(true));
        return [this, shown, loaded] {
            m_drop_pending = false;
            if (!m_shown || !(m_shown->key == shown.key)) return; // replaced meanwhile
            Install(std::move(*loaded), m_state.now_ms);
        };
    });
}

// Every 2 s, on the worker: the file on screen must still be the one that
// was opened (a `current` truncated, replaced in place or deleted would show
// placeholders for ever): if not, it is dropped at once, mid-visit or not,
// for the previous good package. A new package behind the exhibit path is
// taken between visits only; one that fails to open never replaces the one
// on screen.
void App::PostReload(int64_t now) {
    m_last_reload_check = now;
    if (m_reload_pending) return;
    m_reload_pending = true;
    const FileKey seen = m_stamp;
    const std::optional<Shown> shown = m_shown;
    const bool between_visits =
        m_state.screen == Screen::Attract || m_state.screen == Screen::Unavailable;
    m_jobs.Post([this, seen, shown, between_visits]() -> Jobs::Done {
        if (shown && !(KeyOf(shown->path) == shown->key)) {
            Log("the exhibit file " + shown->path +
                " was changed or deleted while it was shown; it will not be shown");
            m_source.MarkBad(shown->key);
            auto loaded = std::make_shared<Loaded>(LoadOnWorker(true));
            const FileKey now_key = KeyOf(m_cfg.exhibit);
            return [this, shown, loaded, now_key] {
                m_reload_pending = false;
                if (!m_shown || !(m_shown->key == shown->key)) return; // replaced meanwhile
                m_stamp = now_key;
                Install(std::move(*loaded), m_state.now_ms);
            };
        }
        const FileKey now_key = KeyOf(m_cfg.exhibit);
        if (now_key == seen || !between_visits) return [this] { m_reload_pending = false; };
        auto loaded = std::make_shared<Loaded>(LoadOnWorker(!shown));
        return [this, now_key, loaded] {
            m_reload_pending = false;
            if (loaded->exhibit && m_state.screen != Screen::Attract &&
                m_state.screen != Screen::Unavailable)
                return; // a visit began meanwhile: look again after it
            m_stamp = now_key;
            if (!loaded->exhibit) return;
            Install(std::move(*loaded), m_state.now_ms);
            Log("showing the new exhibit");
        };
    });
}

} // namespace kiosk
