package org.kohsuke.accmod.restrictions;

import org.kohsuke.accmod.AccessRestriction;

// Only the type (Beta's superclass); its checks run in access-modifier-checker, not here.
public class DoNotUse extends AccessRestriction {}
