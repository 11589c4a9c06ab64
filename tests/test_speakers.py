"""In-article coreference: mentions resolve to one canonical speaker (our own sentences)."""

from __future__ import annotations

import pytest

from quotewire.extract.statements import extract_statements


def speakers_by_mention(text: str) -> dict[str, tuple[str, str]]:
    return {q.speaker_mention.text: (q.speaker.name, q.speaker.kind)
            for q in extract_statements(text) if q.speaker_mention is not None and q.speaker is not None}


def test_full_name_surname_pronoun_and_description_are_one_person() -> None:
    text = ("Harbour Authority chief executive Ana Ruiz said the strike would end soon.\n\n"
            "Ruiz added that the port had lost two days of trade.\n\n"
            "She said talks would resume on Monday.\n\n"
            "The Harbour Authority chief said the pay offer was final.")
    quotes = extract_statements(text)
    assert len(quotes) == 4
    assert {q.speaker.name for q in quotes} == {"Ana Ruiz"}
    ruiz = quotes[-1].speaker
    assert ruiz.kind == "person" and ruiz.organisation == "Harbour Authority"
    assert ruiz.role is not None and "chief executive" in ruiz.role.lower()
    assert {"Ruiz", "She"} <= set(ruiz.aliases)


def test_two_people_stay_apart_and_pronouns_follow_the_last_speaker() -> None:
    text = ("Mayor Linda Okafor said the budget was balanced.\n\n"
            "Councillor Peter Haas said the figures were wrong.\n\n"
            "He said he would ask for an audit.")
    by_mention = speakers_by_mention(text)
    assert by_mention["Mayor Linda Okafor"][0] == "Linda Okafor"
    assert by_mention["Councillor Peter Haas"][0] == "Peter Haas"
    assert by_mention["He"] == ("Peter Haas", "person")


def test_a_surname_the_tagger_misreads_still_joins_the_full_name() -> None:
    # The small model tags an unfamiliar surname opening a sentence as a noun or organisation.
    text = ('Fisheries Minister Tomas Ekwueme said: "The quota stands."\n\n'
            "Ekwueme added that inspectors would visit every harbour by June.")
    by_mention = speakers_by_mention(text)
    assert by_mention["Ekwueme"] == ("Tomas Ekwueme", "person")


def test_relative_clause_and_apposition_resolve_to_the_named_person() -> None:
    text = ("Okafor, who spoke to reporters after the vote, said the council would appeal.\n\n"
            "The city’s lawyer, Tom Brandt, said the ruling was flawed.")
    by_mention = speakers_by_mention(text)
    assert by_mention["Okafor"][1] == "person"
    assert by_mention["The city’s lawyer"][0] == "Tom Brandt"


def test_organisations_countries_and_documents_can_speak() -> None:
    text = ("France has said it will veto the deal. "
            "The U.S. said it would not take part. "
            "Article 12 says that no member may be dismissed without a hearing.")
    kinds = {q.speaker.name: q.speaker.kind for q in extract_statements(text)}
    assert kinds.get("France") == "country"
    assert kinds.get("United States") == "country"
    assert kinds.get("Article 12") == "document"


def test_she_skips_the_men_the_article_names_and_he_skips_the_women() -> None:
    text = ("Councillor Maria Lindqvist said the library would stay open.\n\n"
            "Mr. Okonjo, the finance officer, said the money had run out.\n\n"
            "She said the council would find the funds elsewhere.\n\n"
            "Ms. Duarte, the head librarian, said the staff were relieved.\n\n"
            "He said the budget would be reviewed in March.")
    by_mention = speakers_by_mention(text)
    assert by_mention["She"] == ("Maria Lindqvist", "person")
    assert by_mention["He"] == ("Okonjo", "person")


def test_a_surname_shared_by_a_man_and_a_woman_excludes_no_one() -> None:
    # "Mr. Adeyemi" and "Mrs. Adeyemi" share the surname key: no gender is assumed for it.
    text = ("Mr. Adeyemi said the shop had been in the family for forty years.\n\n"
            "Mrs. Adeyemi said the rent had doubled.\n\n"
            "She said they would close in May.")
    assert speakers_by_mention(text)["She"][0] == "Adeyemi"


def test_names_and_roles_keep_the_articles_own_characters() -> None:
    text = ("The port's annual review says cargo volumes fell by a third.\n\n"
            "“We will rebuild the quay,” said Jean-Pierre Moreau, deputy director of the Port-Louis authority.")
    by_name = {q.speaker.name: q.speaker for q in extract_statements(text) if q.speaker is not None}
    assert "port's annual review" in by_name and by_name["port's annual review"].kind == "document"
    assert "Jean-Pierre Moreau" in by_name
    assert by_name["Jean-Pierre Moreau"].organisation == "Port-Louis authority"


def test_a_canonical_name_holds_the_name_and_the_descriptor_is_the_role() -> None:
    text = "“I was tired in the second set,” said the 14th-ranked Nadalov after the match."
    [quote] = extract_statements(text)
    assert quote.speaker.name == "Nadalov" and quote.speaker.role == "14th-ranked"
    [quote] = extract_statements("“It was a long day,” said veteran striker Mara Voss.")
    assert quote.speaker.name == "Mara Voss" and quote.speaker.role == "veteran striker"


def test_a_pronoun_after_a_sentence_with_a_bare_surname_subject_is_that_person() -> None:
    # textacy's test sentence for quote extraction (textacy, Apache-2.0): the speaker mention
    # stays "he" and resolves to the subject of the sentence before.
    [quote] = extract_statements('Burton explained from a podium. "I love cats," he said.')
    assert quote.speaker_mention.text == "he" and (quote.speaker.name, quote.speaker.kind) == ("Burton", "person")
    [quote] = extract_statements("Okafor spoke from the town hall steps.\n\n“We will win this,” she said.")
    assert quote.speaker.name == "Okafor"
    [quote] = extract_statements("Mara Voss spoke from the town hall steps. “We will win this,” she said.")
    assert (quote.speaker.name, quote.speaker.kind) == ("Mara Voss", "person")
    [quote] = extract_statements("The union spoke from the steps.\n\n“We will win this,” she said.")
    assert quote.speaker.kind == "unresolved"  # an organisation is no antecedent of "she"
    [quote] = extract_statements("Kevin was asleep on the sofa. “Here he is at last,” she said.")
    assert quote.speaker.kind == "unresolved"  # a man's first name is no antecedent of "she"


def test_coordinated_speakers_give_one_statement_named_by_the_first() -> None:
    # textacy's test sentence (Apache-2.0): one statement, by Burton; the mention is the first
    # conjunct, since a statement has one canonical speaker.
    [quote] = extract_statements('"We love cats!" reply Burton and Nick.')
    assert quote.content.text == "We love cats!" and quote.speaker_mention.text == "Burton"
    assert quote.speaker.name == "Burton"


def test_a_description_names_nobody_and_words_before_a_given_name_are_no_part_of_it() -> None:
    text = ("Billionaire Thomas Becker said the port would be sold.\n\n"
            "A top adviser for Governor Becker said the sale was not final.\n\n"
            "Former Becker aide Lena Varga said talks had stalled.")
    by_mention = {q.speaker_mention.text: q.speaker for q in extract_statements(text)}
    assert by_mention["Billionaire Thomas Becker"].name == "Thomas Becker"
    adviser = by_mention["A top adviser for Governor Becker"]  # someone of Becker's, not Becker
    assert (adviser.kind, adviser.descriptors) == ("unresolved", ["A top adviser for Governor Becker"])
    assert by_mention["Former Becker aide Lena Varga"].name == "Lena Varga"
    [quote] = extract_statements("“We will not sell,” the mayor said.")
    assert quote.speaker.kind == "unresolved"  # a mayor the article never names


def test_two_people_of_one_surname_in_an_article_stay_two_and_the_surname_names_the_first() -> None:
    text = ("Tomas Ekwueme said the harbour would reopen.\n\n"
            "His daughter Ada Ekwueme said the family had waited for years.\n\n"
            "Ekwueme added that the cranes were ready.")
    names = [q.speaker.name for q in extract_statements(text)]
    assert names == ["Tomas Ekwueme", "Ada Ekwueme", "Tomas Ekwueme"]


def test_a_bare_surname_is_the_person_the_text_names_first_whoever_speaks_first() -> None:
    """Entities are read only around speaker mentions; the first full name of the surname in
    the whole text decides whom the bare surname names ("Tomas Ekwueme" is no speaker here)."""
    text = ("As Tomas Ekwueme toured the docks, the harbour reopened.\n\n"
            "“The family waited for years,” Ada Ekwueme said.\n\n"
            "“The cranes are ready,” Ekwueme said.")
    assert [q.speaker.name for q in extract_statements(text)] == ["Ada Ekwueme", "Tomas Ekwueme"]


def test_a_surname_named_in_full_only_away_from_its_statements_takes_the_full_name() -> None:
    text = ("Port director Mara J. Lindqvist opened the new terminal on Monday.\n\n"
            "Crews worked through the night before the opening.\n\n"
            "“The terminal doubles our capacity,” Lindqvist said.")
    assert [q.speaker.name for q in extract_statements(text)] == ["Mara J. Lindqvist"]


def test_an_honorific_skips_the_first_full_name_of_the_other_gender() -> None:
    text = ("Ada Ekwueme and her husband Tomas Ekwueme opened the harbour.\n\n"
            "“The cranes are ready,” Mr. Ekwueme said.\n\n"
            "“We waited for years,” Ms. Ekwueme said.")
    assert [q.speaker.name for q in extract_statements(text)] == ["Tomas Ekwueme", "Ada Ekwueme"]


def test_a_definite_title_description_is_the_last_speaker_of_that_title_never_its_party() -> None:
    text = ("“The port will reopen,” Harbour Gov. Tomas Ekwueme said.\n\n"
            "“We want the wages first,” union chief Mara Lindqvist said.\n\n"
            "“The cranes are ready,” the former governor said.\n\n"
            "“The talks go on,” the Labour nominee said.")
    by_mention = speakers_by_mention(text)
    assert by_mention["the former governor"] == ("Tomas Ekwueme", "person")  # "Gov." is the governor
    assert by_mention["the Labour nominee"][1] == "unresolved"  # nobody here is a nominee; not the party


def test_a_party_and_state_in_brackets_is_the_name_before_them() -> None:
    [quote] = extract_statements("Harbour Gov. Tomas Ekwueme (D-OR) said, “The port will reopen on Monday.”")
    assert quote.speaker.name == "Tomas Ekwueme" and quote.speaker.kind == "person"


def test_transcript_labels_in_capitals_are_the_people_they_name() -> None:
    text = ("Port director Mara Lindqvist spoke to Ada Ekwueme on Monday.\n\n"
            "ADA EKWUEME: Why not reopen the port?\n\n"
            "LINDQVIST: The cranes are not ready yet.\n\n"
            "EKWUEME: When will they be?")
    names = {q.speaker_mention.text: q.speaker.name for q in extract_statements(text) if q.speaker_mention}
    assert names == {"ADA EKWUEME": "Ada Ekwueme", "LINDQVIST": "Mara Lindqvist", "EKWUEME": "Ada Ekwueme"}


def test_a_pronoun_is_the_person_the_sentence_before_is_about_not_an_older_speaker() -> None:
    text = ("“The port is ready,” Councillor Peter Haas said.\n\n"
            "Tomas Ekwueme disagreed on Monday.\n\n"
            "“The cranes are not ready,” he said.")
    assert speakers_by_mention(text)["he"] == ("Tomas Ekwueme", "person")
    quoted = ("“The port is ready,” Councillor Peter Haas said.\n\n"
              "“Tomas Ekwueme is wrong. The cranes are ready,” he said.")
    assert speakers_by_mention(quoted)["he"] == ("Peter Haas", "person")  # a name inside the quote speaks not


def test_a_person_shaped_organisation_name_is_a_person_unless_the_article_lowercases_its_last_word() -> None:
    """The tagger sometimes calls a person an organisation ("Carly Fiorina"); a name whose last
    word the article also writes in lower case ("Campaign", "the campaign") stays an organisation's."""
    from quotewire.extract.lexicon import default_lexicon
    from quotewire.extract.parse import Para, nlp
    from quotewire.extract.speakers import Resolver

    doc = nlp()("Tomas Ekwueme and the Tomas Ekwueme Campaign met on Monday; the campaign paid.")
    resolver = Resolver([Para(0, 0, len(doc.text), doc, doc.text)], default_lexicon())
    assert resolver._person_shaped(list(doc[0:2])) and not resolver._person_shaped(list(doc[4:7]))


def test_a_description_no_speaker_fits_is_the_named_subject_of_the_sentence_before() -> None:
    """"David Axelrod on Wednesday called on … “…,” Obama's former campaign strategist said": a
    definite or possessed description is the person the sentence before names as its subject,
    unless the description names them or the subject is no person named in full."""
    before = "{} on Monday asked the council to reopen the port.\n\n“The cranes are ready,” {} said."
    def speaker(subject: str, description: str) -> tuple[str, str]:
        return speakers_by_mention(before.format(subject, description))[description]
    assert speaker("Lena Varga", "the former port director") == ("Lena Varga", "person")
    assert speaker("Lena Varga", "Haas's former campaign strategist") == ("Lena Varga", "person")
    assert speaker("Tomas Ekwueme", "Ekwueme's former campaign strategist")[1] == "unresolved"  # his, not him
    assert speaker("The Harbour Authority", "the former port director")[1] == "unresolved"
    assert speaker("Lena Varga", "a senior adviser")[1] == "unresolved"  # indefinite: nobody in particular


def test_a_pronoun_passes_over_quoted_sentences_and_takes_a_leading_clause_subject() -> None:
    """The sentence before a pronoun is the last one outside quotation marks ("Trump coined the
    phrase at a rally. “I’m not controlled … They control …,” he said"), and a clause leading
    into the pronoun's own names its subject first ("When Robby Mook was asked …, he laughed")."""
    said = "“The port is ready,” Councillor Peter Haas said.\n\n"
    quoted = said + "Tomas Ekwueme spoke at a rally on Saturday.\n\n“We will not sell. The cranes stay,” he said."
    assert speakers_by_mention(quoted)["he"] == ("Tomas Ekwueme", "person")
    leading = said + "When Tomas Ekwueme was asked about the cranes, he laughed and said, “We will see.”"
    assert speakers_by_mention(leading)["he"] == ("Tomas Ekwueme", "person")
    before = ("Tomas Ekwueme told the council on Monday, “We will not sell. The cranes stay because they work.”\n\n"
              "The former mayor added, “The port is ours.”")  # the paragraph before ends inside its quote
    assert speakers_by_mention(before)["The former mayor"] == ("Tomas Ekwueme", "person")


def test_a_given_name_before_a_surname_the_tagger_calls_an_organisation_is_a_person() -> None:
    """"Ilya Shapiro argues …" with only "Shapiro" tagged an organisation: the proper nouns of the
    mention are a person's name, not the organisation "Shapiro"."""
    from spacy.tokens import Span as TokenSpan

    from quotewire.extract.lexicon import default_lexicon
    from quotewire.extract.parse import Para, nlp
    from quotewire.extract.speakers import Resolver

    doc = nlp()("Tomas Ekwueme argues that the court erred.")
    doc.ents = [TokenSpan(doc, 1, 2, label="ORG")]
    resolver = Resolver([Para(0, 0, len(doc.text), doc, doc.text)], default_lexicon())
    entity = resolver._entity(0, list(doc[0:2]), "Tomas Ekwueme")
    assert (entity.name, entity.kind) == ("Tomas Ekwueme", "person")
    doc = nlp()("The Harbour Authority argues that the court erred.")  # "Harbour" is a given name too
    doc.ents = [TokenSpan(doc, 2, 3, label="ORG")]
    resolver = Resolver([Para(0, 0, len(doc.text), doc, doc.text)], default_lexicon())
    assert resolver._entity(0, list(doc[0:3]), "The Harbour Authority").kind == "organisation"  # no name takes "the"


def test_a_hyphenated_title_heads_a_description_of_a_person_never_the_party_in_it() -> None:
    [quote] = extract_statements("“The polls agree with us,” the GOP front-runner said on Monday.")
    assert quote.speaker.kind == "unresolved" and quote.speaker.name != "GOP"  # nobody named; not the party
    text = ("Tomas Ekwueme toured the port on Monday.\n\n"
            "“The polls agree with us,” the GOP front-runner said.")
    assert speakers_by_mention(text)["the GOP front-runner"] == ("Tomas Ekwueme", "person")


def test_a_description_of_another_countrys_official_is_not_the_official_quoted_before() -> None:
    text = ("“Rates stay where they are,” Governor Elena Marchetti told reporters.\n\n"
            "France's central bank governor, asked about the decision in Paris, said: “We share the caution.”")
    by_mention = speakers_by_mention(text)
    assert by_mention["Governor Elena Marchetti"] == ("Elena Marchetti", "person")
    assert by_mention["France's central bank governor"] == ("France's central bank governor", "unresolved")
    text = ("“Rates stay where they are,” Governor Elena Marchetti of the Meridian Reserve Bank said.\n\n"
            "“We will not move early,” the bank's governor added.")
    assert speakers_by_mention(text)["the bank's governor"] == ("Elena Marchetti", "person")


def test_a_hyphenated_title_after_the_cue_and_a_no_break_space_keep_the_name_whole() -> None:
    # The tokenizer splits "co-host" and makes a no-break space a token of its own; the parser then
    # reads "co" as the speaker. Both texts name the same person.
    for space in (" ", "\u00a0"):
        text = f"“The vote was never close,” said radio co-host Dana{space}Pruitt. “Nobody expected it.”"
        quotes = extract_statements(text)
        assert quotes and {q.speaker.name for q in quotes} == {"Dana Pruitt"}
        assert quotes[0].speaker_mention.text == f"radio co-host Dana{space}Pruitt"
    assert speakers_by_mention("“We lost,” said ex-governor Tom Reyes of Ohio.") == {
        "ex-governor Tom Reyes of Ohio": ("Tom Reyes", "person")}


def test_a_description_of_what_someone_is_is_the_person_before_never_the_organisation_in_it() -> None:
    text = ("Lena Ortiz played for the Chicago Red Stars for a decade. Ortiz later coached at a college. "
            "The NWSL legend said the league had changed beyond recognition.")
    assert speakers_by_mention(text)["The NWSL legend"] == ("Lena Ortiz", "person")
    text = ("Veteran activist Maria Lopez led the march on Saturday.\n\n"
            "“We will not stop,” the activist said.")
    assert speakers_by_mention(text)["the activist"] == ("Maria Lopez", "person")
    [quote] = extract_statements("The NWSL legend said the league had changed beyond recognition.")
    assert quote.speaker.kind == "unresolved"  # nobody named: not the league


def test_a_pronoun_in_a_clause_hanging_on_a_named_subjects_clause_is_that_subject() -> None:
    text = ("Governor Paul Lin met the press on Monday.\n\n"
            "Dana Okoro, who has led the council since 2019, has flirted with a run for governor, "
            "though she has denied that she would enter the race.")
    assert speakers_by_mention(text)["she"] == ("Dana Okoro", "person")


FAMILY_NAME_FIRST = [  # (text, the bare mention, whom it names); "Zhao Lirong", "Park Sung Chol" are made up
    ("North Korean leader Kim Jong-un said on Tuesday that the launch was a warning. "
     "Kim said the country would continue its tests.", "Kim Jong-un"),
    ("Reporter Erin Kim said the award belonged to the newsroom. "
     "Kim added that the paper would keep covering city hall.", "Erin Kim"),
    ("Vice Premier Zhao Lirong opened the trade fair on Monday.\n\n"
     "\"The door will only open wider,\" Zhao said.", "Zhao Lirong"),  # no hyphen; "Lirong" never alone
    ("North Korean leader Park Sung Chol inspected the new plant on Friday.\n\n"
     "\"We will answer force with force,\" Park was quoted as saying by state media.\n\n"
     "Analyst Mina Park of the Harbour Institute said the message was familiar.", "Park Sung Chol"),
    ("Analyst Mina Park of the Harbour Institute said the message was familiar. "
     "\"It is the same every spring,\" Park said.\n\n"
     "North Korean leader Park Sung Chol inspected the new plant on Friday.", "Mina Park"),  # text order decides
]


@pytest.mark.parametrize(("text", "person"), FAMILY_NAME_FIRST)
def test_a_name_written_family_name_first_is_joined_by_its_family_name(text: str, person: str) -> None:
    bare = [m for m in speakers_by_mention(text) if " " not in m]
    assert bare and all(speakers_by_mention(text)[m] == (person, "person") for m in bare)


def test_a_headline_word_after_a_surname_is_no_family_name_order() -> None:
    text = ("Carter Hid Past Debts From Voters, Former Aide Says.\n\n"
            "Questions about Nora Carter's finances are not new, her former aide maintains.\n\n"
            "\"I paid every bill on time,\" Carter wrote in 2003.")
    assert speakers_by_mention(text)["Carter"] == ("Nora Carter", "person")


def test_a_pronoun_after_a_quoted_sentence_is_the_titled_subject_named_before() -> None:
    text = ("Democratic front-runner Ana Ruiz caused a stir when a voter asked if she might appoint her rival.\n\n"
            "\"Wow, what a great idea. Nobody has ever suggested that to me,\" she replied.")
    assert speakers_by_mention(text)["she"] == ("Ana Ruiz", "person")


def test_each_line_of_a_list_of_signed_comments_is_credited_to_its_own_signature() -> None:
    text = ("Readers told us what they think of the plan.\n\n"
            "”The budget is a disgrace and everyone can see it.” ― Ana Ruiz\n"
            "“Nobody asked the workers what they needed.”― Tom Brandt\n"
            "“We will strike again if nothing changes.” ― Mara Voss")
    quotes = [q for q in extract_statements(text) if q.type == "direct"]
    assert [(q.content.text, q.speaker.name) for q in quotes] == [("The budget is a disgrace and everyone can see it.", "Ana Ruiz"),
                                 ("Nobody asked the workers what they needed.", "Tom Brandt"),
                                 ("We will strike again if nothing changes.", "Mara Voss")]


def test_an_office_named_with_of_or_for_is_one_role_and_no_organisation() -> None:
    quotes = extract_statements("Minister for Finance Lukas Brandt said taxes would rise.\n\n"
                                "Former Secretary of State Ana Ruiz said the treaty would hold.\n\n"
                                "Health Minister Tom Greer said the wards were full.")
    roles = {q.speaker.name: (q.speaker.kind, q.speaker.role, q.speaker.organisation) for q in quotes}
    assert roles == {"Lukas Brandt": ("person", "Minister for Finance", None),
                     "Ana Ruiz": ("person", "Former Secretary of State", None),
                     "Tom Greer": ("person", "Health Minister", None)}
    [quote] = extract_statements("A top adviser for President Ruiz said the talks had failed.")
    assert quote.speaker.kind == "unresolved"  # someone of hers, not Ruiz


def test_an_apposition_gives_a_hyphenated_role_whole_and_an_organisation_up_to_its_comma() -> None:
    people = {q.speaker.name: (q.speaker.role, q.speaker.organisation) for q in extract_statements(
        "Faiza Patel, co-director of the Liberty and National Security Program, said the rule was broad.\n\n"
        "Daniel Traynor, a third-generation farmer from Iowa, said the rains came late.\n\n"
        "David Friedman, president of Wealth-X, a private company that tracks billionaires, said wealth had grown.\n\n"
        "Maria Okafor, general secretary of the Harbour Workers’ Union, said the strike would go on.")}
    assert people == {"Faiza Patel": ("co-director", "Liberty and National Security Program"),
                      "Daniel Traynor": ("third-generation farmer", None),
                      "David Friedman": ("president", "Wealth-X"),
                      "Maria Okafor": ("general secretary", "Harbour Workers’ Union")}


def test_a_given_name_alone_is_the_one_person_the_article_names_with_it() -> None:
    text = 'Hillary Clinton spoke in Ohio on Monday. "We will win this state," Hillary said.'
    assert speakers_by_mention(text)["Hillary"] == ("Hillary Clinton", "person")
    text = "Bill Clinton and Bill Gates attended the gala. Bill said the event was a success."
    assert speakers_by_mention(text)["Bill"][0] == "Bill"  # two Bills: neither
    quotes = extract_statements("Two voters backed the plan. And a third, Daniel Traynor, said that he was opposed.")
    traynor = next(q.speaker for q in quotes if q.speaker.name == "Daniel Traynor")
    assert traynor.role is None  # "a third": a count, no role


def test_an_outlet_that_speaks_is_an_organisation_never_a_person() -> None:
    kinds = {q.speaker_mention.text: (q.speaker.name, q.speaker.kind) for q in extract_statements(
        "Fox News said the debate would go ahead. CBS News reported that the talks had failed.\n\n"
        "Michael Bloomberg spoke on Monday. Bloomberg said the city would recover.")}
    assert kinds == {"Fox News": ("Fox News", "organisation"), "CBS News": ("CBS News", "organisation"),
                     "Bloomberg": ("Michael Bloomberg", "person")}


def test_given_names_and_initials_before_a_name_belong_to_it_a_place_does_not() -> None:
    people = {q.speaker_mention.text: (q.speaker.name, q.speaker.descriptors) for q in extract_statements(
        "“He is not fit to lead.” ― Christina N Luis Olidem\n\n"
        "Senator Mary Ann Lopez said the bill would pass.\n\n"
        "Surrey Doug McCallum said the police would stay.")}
    assert people == {"Christina N Luis Olidem": ("Christina N Luis Olidem", []),
                      "Senator Mary Ann Lopez": ("Mary Ann Lopez", []),
                      "Surrey Doug McCallum": ("Doug McCallum", ["Surrey"])}


def test_a_cue_the_parser_gave_two_subjects_takes_the_one_next_to_it() -> None:
    text = ("Monday at Delaware State University in Dover, DE, after winning Delaware in the Democratic Senate "
            "primary, Sen. Mara Voss (D-DE), said, “We are going all the way to the convention.”")
    assert [(q.speaker_mention.text, q.speaker.name) for q in extract_statements(text)] == [
        ("Sen. Mara Voss", "Mara Voss")]


def test_a_signature_line_names_the_speaker_of_the_quote_above_it_and_introduces_nothing() -> None:
    quotes = extract_statements(
        "“The whole idea of a crooked candidate is something we hear all the time, and it needs to stop.”\n\n"
        "-Michelle Marks, Philadelphia.\n\n"
        "“Great speech. She is ready.”\n\n"
        "-Senator Ruiz, tweeting after the speech.\n\n"
        "“We need more nurses.”\n\n"
        "The hospital opened in May.")
    assert [(q.content.text[:12], q.speaker.name if q.speaker else None) for q in quotes] == [
        ("The whole id", "Michelle Marks"), ("Great speech", "Ruiz"), ("We need more", None)]


def test_a_possessed_document_is_its_owners_and_an_unowned_one_a_document() -> None:
    text = ("Hillary Clinton spoke on Monday.\n\n"
            "Clinton’s statement said the talks had ended.\n\n"
            "A statement from the White House said the talks had failed.\n\n"
            "Donald Trump met Paul Ryan on Thursday. Later that day, Trump fired back a response saying he would "
            "not support the agenda.")
    assert {k: v for k, v in speakers_by_mention(text).items()} == {
        "Clinton’s statement": ("Hillary Clinton", "person"),
        "A statement from the White House": ("statement from White House", "document"),
        "Trump": ("Donald Trump", "person")}


def test_the_quote_after_a_question_is_the_answer_of_the_one_asked() -> None:
    text = ("Mayor Paul Hinds said the records were overdue.\n\n"
            "On Monday Tom Reese asked Hinds about the budget.\n\n"
            "“We will publish it next week,” he said.")
    assert speakers_by_mention(text)["he"] == ("Paul Hinds", "person")


def test_a_participle_opening_a_sentence_with_no_subject_goes_on_with_the_speaker_before() -> None:
    quotes = extract_statements("Later, Hale stated that the report “was not good.” Adding, “Like all scandals, it is "
                                "how they handle it.”")
    assert [(q.content.text[:10], q.speaker.name if q.speaker else None) for q in quotes] == [
        ("the report", "Hale"), ("Like all s", "Hale")]


def test_names_with_a_colon_each_before_a_quote_speak_their_own_quotes() -> None:
    text = ('Ana Ruiz and Tom Hale reject the plan.\n\n'
            'Ruiz: "Our goal is not to contain the fire, but to put it out." Hale: "The mission is to end the fire, '
            'not to contain it."')
    assert [(q.content.text[:10], q.speaker.name) for q in extract_statements(text)] == [
        ("the plan", "Ana Ruiz"), ("Our goal i", "Ana Ruiz"), ("The missio", "Tom Hale")]


def test_a_quote_after_a_paragraph_about_a_named_person_is_theirs() -> None:
    text = ("As Donald Trump began tweeting, his son said the campaign was just getting started.\n\n"
            "Eric Trump, son of the front-runner, talked politics Monday on a morning show.\n\n"
            "“She turned her attention to us. We will fight back.”")
    quotes = extract_statements(text)
    assert quotes[-1].content.text.startswith("She turned") and quotes[-1].speaker.name == "Eric Trump"


def test_an_epithet_names_the_person_the_article_is_about_and_no_one_when_none_stands_out() -> None:
    about_hale = ("Tom Hale spoke in Iowa on Monday. Hale said the race was open. Hale visited a school.\n\n"
                  "The retired neurosurgeon said he would stay in the race.\n\n"
                  "The spokesman said the bus was late.\n\n"
                  "The president said the economy was growing.")
    by_mention = speakers_by_mention(about_hale)
    assert by_mention["The retired neurosurgeon"] == ("Tom Hale", "person")
    assert by_mention["The spokesman"][1] == by_mention["The president"][1] == "unresolved"  # staff, an office
    two_people = ("Tom Hale spoke in Iowa on Monday. Hale said the race was open.\n\n"
                  "Ana Ruiz spoke in Ohio. Ruiz said the race was over. The weather was cold.\n\n"
                  "The retired neurosurgeon said he would stay in the race.")
    assert speakers_by_mention(two_people)["The retired neurosurgeon"][1] == "unresolved"


def test_a_compound_surname_alone_is_the_person_named_in_full_with_it() -> None:
    text = ("Party chair Debbie Wasserman Schultz said the debates were set.\n\n"
            "Wasserman Schultz said the party would not add more.")
    assert speakers_by_mention(text)["Wasserman Schultz"] == ("Debbie Wasserman Schultz", "person")


def test_a_cueless_quote_is_said_by_the_subject_of_the_sentence_before_it_in_its_paragraph() -> None:
    text = ("Senator Tom Hale said the wages were too low.\n\n"
            "Ana Ruiz touted her record as a sponsor of the bill. “We need to support workers that want a union.”\n\n"
            "Hale walked out of the hall. “It will never pass.”")
    quotes = extract_statements(text)
    assert [(q.content.text[:12], q.speaker.name if q.speaker else None) for q in quotes] == [
        ("the wages we", "Tom Hale"), ("We need to s", "Ana Ruiz"), ("It will neve", "Tom Hale")]


def test_a_participle_after_a_comma_is_said_by_the_subject_it_hangs_on_not_the_noun_before_it() -> None:
    text = ("Mayor Ana Ruiz spoke in Dover on Monday.\n\n"
            "Ruiz seemed to be ready to joke about the incident in Dover, telling the crowd, “Some people get a "
            "little carried away, have you noticed that?”")
    assert [(q.speaker_mention.text, q.speaker.name) for q in extract_statements(text) if q.type == "direct"] == [
        ("Ruiz", "Ana Ruiz")]


def test_a_pronoun_after_a_quote_is_the_subject_of_the_clause_that_introduced_it() -> None:
    text = ("Tom Hale criticized the mayor on Monday, saying she was wrong.\n\n"
            "The mayor’s spokesman Brian Fallon fired back: “As a guardian of the city,” he wrote, “we know you "
            "are rooting for us, too.”\n\n"
            "Paul Ryan lied about the budget, he said.")
    quotes = extract_statements(text)
    assert [(q.content.text[:10], q.speaker.name) for q in quotes if q.speaker_mention.text == "he"] == [
        ("As a guard", "Brian Fallon"), ("we know yo", "Brian Fallon"),
        ("Paul Ryan ", "Brian Fallon")]  # what he said is no clause that introduces him


def test_a_title_case_headline_label_is_said_by_the_name_that_opens_it() -> None:
    for headline in ("Ana Ruiz Endorses Tom Hale: ‘He Is A Fighter.’",
                     "Sen. Ana Ruiz Slams Tom Hale: He Is A Fraud And A Liar."):
        quotes = extract_statements(headline + "\n\nMayor Ana Ruiz endorsed Tom Hale on Wednesday in Dover.")
        mention = quotes[0].speaker_mention.text
        assert mention.endswith("Ana Ruiz") and "Hale" not in mention and quotes[0].speaker.name == "Ana Ruiz", headline


def test_a_name_set_off_by_commas_before_the_verb_names_the_description_it_closes() -> None:
    text = ("Vin Weber, a director of the lobbying firm, said the work was legal.\n\n"
            "The director of the Harbour Centre, Ina Kirsch, told reporters her group never met him.\n\n"
            "The author of the book, Mitchell Zuckoff, said he stands by the account.")
    by_mention = {q.content.text[:10]: q.speaker.name for q in extract_statements(text)}
    assert by_mention == {"the work w": "Vin Weber", "her group ": "Ina Kirsch", "he stands ": "Mitchell Zuckoff"}


def test_an_appositive_description_is_the_person_it_follows_and_a_headline_label_no_apposition() -> None:
    text = ("Senator Jeanne Shaheen said the rules were fine.\n\n"
            "“We should get rid of them entirely,” said Sen. Jeff Merkley of Oregon, the only senator to endorse "
            "Sanders.")
    assert speakers_by_mention(text)["the only senator"] == ("Jeff Merkley", "person")
    text = ("Harbour Watch: State Department Hid Key Clinton Benghazi Email For Years.\n\n"
            "The State Department withheld a key email in 2014.")
    assert extract_statements(text)[0].speaker.name == "Harbour Watch"


def test_an_indefinite_description_is_nobody_in_particular_even_when_its_role_matches_someone() -> None:
    text = ("A White House official, who requested anonymity to discuss a private conversation, said the "
            "president had spoken with the mayor.\n\n"
            "On Wednesday, White House press secretary Josh Earnest told reporters that the talks went well.")
    assert speakers_by_mention(text)["A White House official"][1] == "unresolved"


def test_a_surname_alone_takes_the_middle_names_particles_and_unusual_given_names_written_before_it() -> None:
    text = ("The clinic is run by Mary Beth Okafor, a nurse.\n\n"
            "The agency hired Pieter van der Berg in May. Rep. José Alvarado (D-TX) spoke first.\n\n"
            "To DeShawn Milbank, the vote was personal. Marie-Claude Vachon was also there.\n\n"
            "Okafor said the clinic would stay open. Van der Berg said the plan would work. "
            "Alvarado said the bill was late. Milbank said he would vote yes. Vachon said she agreed.")
    by_mention = speakers_by_mention(text)
    assert by_mention["Okafor"] == ("Mary Beth Okafor", "person")
    assert by_mention["Van der Berg"] == ("Pieter van der Berg", "person")
    assert by_mention["Alvarado"] == ("José Alvarado", "person")
    assert by_mention["Milbank"] == ("DeShawn Milbank", "person")
    assert by_mention["Vachon"] == ("Marie-Claude Vachon", "person")  # a given name the tokenizer splits


def test_a_headline_verb_that_is_also_a_given_name_is_no_part_of_the_name_after_it() -> None:
    text = ("Black Lawmakers Rip Donald Hale Over Remarks\n\n"
            "Hale said the remarks were taken out of context.")
    assert speakers_by_mention(text)["Hale"] == ("Donald Hale", "person")


def test_a_regnal_title_before_one_given_name_is_part_of_the_name() -> None:
    text = ("Pope Francis said the church must listen. Queen Elizabeth II said she was pleased.\n\n"
            "Francis added that peace was possible. Prince Alwaleed bin Talal said he would invest.")
    by_mention = speakers_by_mention(text)
    assert by_mention["Pope Francis"] == by_mention["Francis"] == ("Pope Francis", "person")
    assert by_mention["Queen Elizabeth II"] == ("Queen Elizabeth II", "person")
    assert by_mention["Prince Alwaleed bin Talal"][0] == "Alwaleed bin Talal"  # a name of his own


def test_a_company_set_off_by_commas_is_no_person() -> None:
    text = ("The bakery's parent firm, The Oak Company, announced on Monday that it was closing three shops.")
    assert all(q.speaker is None or q.speaker.kind != "person" for q in extract_statements(text))


def test_an_epithet_is_the_main_person_even_when_no_statement_of_theirs_came_before() -> None:
    text = ("Ana Okafor opened the clinic in 2010. Okafor hired ten nurses, and Okafor now runs three "
            "clinics across the county.\n\nRain fell on Tuesday. The businesswoman said the clinics would stay open.")
    assert speakers_by_mention(text)["The businesswoman"] == ("Ana Okafor", "person")


def test_an_age_is_the_named_subject_before_it_never_the_main_person() -> None:
    assert speakers_by_mention("Tom Hale, 56, was arrested on Monday.\n\nThe 56-year-old said he was innocent."
                               )["The 56-year-old"] == ("Tom Hale", "person")
    about_him = ("Tom Hale has run the firm since 1990. Hale built it, and Hale still owns it.\n\n"
                 "His wife spoke at the gala on Monday. The 46-year-old said the firm was a family.")
    assert speakers_by_mention(about_him)["The 46-year-old"][1] == "unresolved"


def test_a_title_and_name_set_off_by_commas_after_an_indefinite_subject_name_it() -> None:
    text = ("Another witness, former special envoy to Canada Dana Ruiz, changed her account to say the ledger was "
            "complete. Some aide, the new press secretary, said the office would reply.")
    by_mention = speakers_by_mention(text)
    assert by_mention["Another witness"] == ("Dana Ruiz", "person")
    assert by_mention["Some aide"][1] == "unresolved"  # no name in the apposition


def test_first_person_outside_quotes_is_the_writer_never_someone_the_article_names() -> None:
    text = ("Judge Ana Ruiz said the sentence was fair.\n\n"
            "“Okay,” I said, trying to regroup. Later I told the court that I regretted the donations.\n\n"
            "We asked our readers whether the sentence was fair.")
    quotes = [q for q in extract_statements(text) if q.speaker_mention and q.speaker_mention.text in ("I", "We")]
    assert quotes and all(q.speaker.kind == "unresolved" for q in quotes)


def test_a_surname_speaker_introduced_with_a_given_name_no_list_knows_is_still_the_full_name() -> None:
    text = ("Finance Minister Chrystia Freeland tabled the budget on Tuesday. Conservative Leader Erin O'Toole "
            "called it reckless.\n\n“This is a plan for growth,” the minister told reporters. O'Toole said the "
            "deficit was too high. Freeland said she was confident.")
    by_mention = speakers_by_mention(text)
    assert by_mention["Freeland"] == ("Chrystia Freeland", "person")  # not the organisation "Freeland"
    assert by_mention["the minister"] == ("Chrystia Freeland", "person")  # named with the role, though no speaker yet


def test_a_headlines_first_word_is_no_given_name_for_a_surname_speaker() -> None:
    text = ("Derelict Obama and Clinton; Trump will go on offense against terrorism.\n\n"
            "Last weekend, the country was attacked. Obama said the response would be measured.")
    assert speakers_by_mention(text)["Obama"] == ("Obama", "person")


def test_a_lone_capitalised_word_the_article_also_writes_in_lower_case_is_no_surname() -> None:
    by_mention = speakers_by_mention("Deadline reported that the show was cancelled. Deadline said the deadline had "
                                     "passed. Tom Hale, the producer, said he was sad.")
    assert by_mention["Deadline"][1] != "person" and by_mention["Tom Hale"] == ("Tom Hale", "person")
    text = "Tom Hale spoke to donors for some time on Monday.\n\nTime, Mr. Hale added, was on their side. “It is early,” he said."
    assert speakers_by_mention(text)["he"] == ("Tom Hale", "person")  # not a person "Time"
    plural = ("Carl Okafor teaches law in Richmond.\n\nIf Clinton wins, don’t Republicans run the risk of her "
              "putting forward more liberal nominees than Obama?\n“They do,” he said.")
    assert speakers_by_mention(plural)["he"][0] != "Republicans"  # a plural is no surname


def test_a_hyphenated_given_name_stays_whole_when_the_mention_starts_after_the_hyphen() -> None:
    text = ("“The file is closed,” the county’s deputy prosecutor, Eva-Marie Okafor, said on Tuesday.\n\n"
            "Okafor explained that the witnesses had moved away.")
    by_mention = speakers_by_mention(text)
    assert by_mention["Okafor"] == ("Eva-Marie Okafor", "person")
    assert by_mention["the county’s deputy prosecutor"] == ("Eva-Marie Okafor", "person")


def test_a_surname_the_tagger_reads_as_a_modal_is_a_speaker() -> None:
    text = ("Green Party Leader Ruth May said the debate ignored the climate. "
            "\"We are arguing about pennies,\" May said.\n\n"
            "May told reporters the vote would be close.")
    found = [(q.speaker_mention.text if q.speaker_mention else None, q.speaker_name) for q in extract_statements(text)]
    assert found[1:] == [("May", "Ruth May"), ("May", "Ruth May")]
    text = "Voters may say the vote was close. \"It was,\" one voter said."
    assert all(q.speaker_name != "may" for q in extract_statements(text))


def test_an_abbreviated_rank_the_tokenizer_does_not_know_keeps_the_name_after_it() -> None:
    for rank in ("Cpl.", "Const.", "Insp.", "Supt.", "Staff Sgt.", "Capt."):
        text = f"\"This appears to be a targeted incident,\" said Harbour Police {rank} Mara Voss."
        assert [q.speaker_name for q in extract_statements(text)] == ["Mara Voss"], rank
    text = "\"People are afraid to walk at night,\" said Coun. Linda Marsh."
    assert [q.speaker_name for q in extract_statements(text)] == ["Linda Marsh"]


def test_an_office_a_title_possesses_is_an_organisation_never_a_person() -> None:
    text = "Ruiz will travel to Ottawa next week, the Prime Minister's Office said."
    assert speakers_by_mention(text)["the Prime Minister's Office"] == ("Prime Minister's Office", "organisation")
    text = "Nigeria's Okafor said the port would reopen."  # a country's person, not the country
    assert speakers_by_mention(text)["Nigeria's Okafor"] == ("Okafor", "person")


def test_a_name_ending_in_an_organisation_word_is_no_person_whatever_given_name_opens_it() -> None:
    text = ("Victoria Police Department said the suspect fled. Regina Police Service said two men were arrested. "
            "Margaret Court said the decision was wrong.")
    found = speakers_by_mention(text)
    assert found["Victoria Police Department"][1] == found["Regina Police Service"][1] == "organisation"
    assert found["Margaret Court"] == ("Margaret Court", "person")  # a surname that is also a word stays a name


def test_an_indefinite_apposition_says_what_the_speaker_is_and_never_replaces_the_name() -> None:
    text = ("Erik Lindqvist is running for the Senate.\n\n"
            "The rules hurt small towns, said Lindqvist, a Victoria Liberal who runs a bakery.")
    assert speakers_by_mention(text)["Lindqvist"] == ("Erik Lindqvist", "person")
    text = "Federal mandates are a burden, said Novak, an Orlando Republican who founded two companies."
    assert speakers_by_mention(text)["Novak"][0] == "Novak"


def test_words_quoted_twice_are_the_person_who_is_named_saying_them() -> None:
    text = ("The mayor's right-hand woman rallied supporters, saying: “We have to be ready to stop the tower.”\n\n"
            "Dana Okoro, the mayor's chief of staff, emailed supporters on Monday, telling them, "
            "“We have to be ready to stop the tower. We cannot let this stand.”")
    assert [q.speaker.name for q in extract_statements(text)] == ["Dana Okoro", "Dana Okoro"]
    text = ("“I come from the harbour, a long time ago,” she told the moderator.\n\n"
            "Aide Robin Vale mocked the line on Twitter: “I come from the harbour, a long time ago.”")
    first = extract_statements(text)[0]
    assert first.speaker is None or first.speaker.name != "Robin Vale"  # a "she" needs a woman
