package io.mlopsbridge.mlflow;

import java.util.List;
import java.util.Optional;

/** A registered model: the named container of model versions, with its tags and aliases. */
public record RegisteredModel(String name, Long creationTimestamp, Long lastUpdatedTimestamp, String description,
                              List<Tag> tags, List<RegisteredModelAlias> aliases) {
    public RegisteredModel {
        tags = Tag.orEmpty(tags);
        aliases = Tag.orEmpty(aliases);
    }

    /** The version an alias points at, if the alias is set. */
    public Optional<String> aliasVersion(String alias) {
        return aliases.stream().filter(a -> a.alias().equals(alias)).map(RegisteredModelAlias::version).findFirst();
    }
}
