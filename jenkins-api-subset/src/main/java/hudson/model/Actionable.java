package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.ModelObjectWithContextMenu;

public abstract class Actionable extends AbstractModelObject implements ModelObjectWithContextMenu {
    /** Subset: the persisted actions only; upstream also asks the TransientActionFactory extensions. */
    private final List<Action> actions = new CopyOnWriteArrayList<>();

    Actionable() {
    }

    public void addAction(@NonNull Action a) {
        actions.add(a);
    }

    public <T extends Action> T getAction(Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }
}
