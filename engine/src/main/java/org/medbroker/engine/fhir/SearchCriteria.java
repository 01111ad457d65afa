package org.medbroker.engine.fhir;

import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.medbroker.engine.store.resource.Criterion;
import org.medbroker.engine.store.resource.DateComparator;
import org.medbroker.engine.store.resource.DateRange;
import org.medbroker.engine.store.resource.SearchQuery;

/**
 * Translates HAPI's parsed search parameters into a store {@link SearchQuery}: AND lists become
 * separate criteria, OR lists the values of one. Modifiers, chains and prefixes this server does
 * not implement are refused with 400 rather than ignored.
 */
final class SearchCriteria {

    private final List<Criterion> criteria = new ArrayList<>();

    SearchCriteria ids(TokenAndListParam and) {
        if (and == null) {
            return this;
        }
        for (TokenOrListParam or : and.getValuesAsQueryTokens()) {
            List<String> ids = new ArrayList<>();
            for (TokenParam token : or.getValuesAsQueryTokens()) {
                refuseTokenModifiers("_id", token);
                if (token.getValue() != null && !token.getValue().isEmpty()) {
                    ids.add(token.getValue());
                }
            }
            if (!ids.isEmpty()) {
                criteria.add(new Criterion.Id(ids));
            }
        }
        return this;
    }

    SearchCriteria lastUpdated(DateAndListParam and) {
        if (and == null) {
            return this;
        }
        for (DateOrListParam or : and.getValuesAsQueryTokens()) {
            List<Criterion.DateMatch> matches = dateMatches("_lastUpdated", or);
            if (!matches.isEmpty()) {
                criteria.add(new Criterion.LastUpdated(matches));
            }
        }
        return this;
    }

    SearchCriteria tokens(String param, TokenAndListParam and) {
        if (and == null) {
            return this;
        }
        for (TokenOrListParam or : and.getValuesAsQueryTokens()) {
            List<Criterion.TokenMatch> matches = new ArrayList<>();
            for (TokenParam token : or.getValuesAsQueryTokens()) {
                refuseTokenModifiers(param, token);
                String system = token.getSystem();
                String code = token.getValue() == null || token.getValue().isEmpty() ? null : token.getValue();
                if (code != null || (system != null && !system.isEmpty())) {
                    matches.add(new Criterion.TokenMatch(system, code));
                }
            }
            if (!matches.isEmpty()) {
                criteria.add(new Criterion.Token(param, matches));
            }
        }
        return this;
    }

    /** A reference parameter; {@code impliedType} is the target type the parameter always has (patient: Patient), else null. */
    SearchCriteria references(String param, String impliedType, ReferenceAndListParam and) {
        if (and == null) {
            return this;
        }
        for (ReferenceOrListParam or : and.getValuesAsQueryTokens()) {
            List<Criterion.ReferenceMatch> matches = new ArrayList<>();
            for (ReferenceParam reference : or.getValuesAsQueryTokens()) {
                if (reference.getMissing() != null) {
                    throw unsupported(param + ":missing");
                }
                if (reference.hasChain()) {
                    throw unsupported("chained search " + param + "." + reference.getChain());
                }
                String id = reference.getIdPart();
                if (id == null || id.isEmpty()) {
                    continue;
                }
                String type = reference.getResourceType();
                matches.add(new Criterion.ReferenceMatch(type == null || type.isEmpty() ? impliedType : type, id));
            }
            if (!matches.isEmpty()) {
                criteria.add(new Criterion.Reference(param, matches));
            }
        }
        return this;
    }

    SearchCriteria dates(String param, DateAndListParam and) {
        if (and == null) {
            return this;
        }
        for (DateOrListParam or : and.getValuesAsQueryTokens()) {
            List<Criterion.DateMatch> matches = dateMatches(param, or);
            if (!matches.isEmpty()) {
                criteria.add(new Criterion.Date(param, matches));
            }
        }
        return this;
    }

    SearchCriteria strings(String param, StringAndListParam and) {
        if (and == null) {
            return this;
        }
        for (StringOrListParam or : and.getValuesAsQueryTokens()) {
            List<String> prefixes = new ArrayList<>();
            for (StringParam string : or.getValuesAsQueryTokens()) {
                if (string.isExact() || string.isContains() || string.getMissing() != null) {
                    throw unsupported("modifiers on " + param);
                }
                if (string.getValue() != null && !string.getValue().isBlank()) {
                    prefixes.add(string.getValue());
                }
            }
            if (!prefixes.isEmpty()) {
                criteria.add(new Criterion.Text(param, prefixes));
            }
        }
        return this;
    }

    SearchQuery toQuery(String resourceType, SortSpec sort) {
        return new SearchQuery(resourceType, criteria, order(sort));
    }

    private static SearchQuery.Order order(SortSpec sort) {
        if (sort == null) {
            return SearchQuery.Order.OLDEST_FIRST;
        }
        if (!"_lastUpdated".equals(sort.getParamName()) || sort.getChain() != null) {
            throw new InvalidRequestException("MB-0541: only _sort=_lastUpdated and _sort=-_lastUpdated are supported");
        }
        return sort.getOrder() == SortOrderEnum.DESC ? SearchQuery.Order.NEWEST_FIRST : SearchQuery.Order.OLDEST_FIRST;
    }

    private static List<Criterion.DateMatch> dateMatches(String param, DateOrListParam or) {
        List<Criterion.DateMatch> matches = new ArrayList<>();
        for (DateParam date : or.getValuesAsQueryTokens()) {
            if (date.getMissing() != null) {
                throw unsupported(param + ":missing");
            }
            if (date.getValue() == null) {
                continue;
            }
            matches.add(new Criterion.DateMatch(comparator(param, date.getPrefix()), DateRange.of(new DateTimeType(date.getValueAsString()))));
        }
        return matches;
    }

    private static DateComparator comparator(String param, ParamPrefixEnum prefix) {
        if (prefix == null) {
            return DateComparator.EQ;
        }
        switch (prefix) {
            case EQUAL:
                return DateComparator.EQ;
            case NOT_EQUAL:
                return DateComparator.NE;
            case GREATERTHAN:
                return DateComparator.GT;
            case GREATERTHAN_OR_EQUALS:
                return DateComparator.GE;
            case LESSTHAN:
                return DateComparator.LT;
            case LESSTHAN_OR_EQUALS:
                return DateComparator.LE;
            case STARTS_AFTER:
                return DateComparator.SA;
            case ENDS_BEFORE:
                return DateComparator.EB;
            default:
                throw unsupported("the prefix " + prefix.getValue() + " on " + param);
        }
    }

    private static void refuseTokenModifiers(String param, TokenParam token) {
        if (token.getModifier() != null || token.getMissing() != null) {
            throw unsupported("modifiers on " + param);
        }
    }

    private static InvalidRequestException unsupported(String what) {
        return new InvalidRequestException("MB-0542: " + what + " is not supported by this server; see /fhir/metadata for what is");
    }
}
