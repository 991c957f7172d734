package jenkins.console;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.Beta;

@Restricted(Beta.class)
public interface WithConsoleUrl {}
