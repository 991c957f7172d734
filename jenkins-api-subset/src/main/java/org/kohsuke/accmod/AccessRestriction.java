package org.kohsuke.accmod;

// Only the type: the checks it declares upstream run in access-modifier-checker at release-build time, not here.
public abstract class AccessRestriction {}
