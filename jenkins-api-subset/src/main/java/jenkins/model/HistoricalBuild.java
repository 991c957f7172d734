package jenkins.model;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.Beta;

@Restricted(Beta.class)
public interface HistoricalBuild extends FullyNamedModelObject {}
