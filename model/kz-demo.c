/* kz-demo.c — a small, believable contact centre
 *
 * Northwind Energy's customer service: two sites, five teams, forty agents.
 * Each agent has a stable ability and a few stable weak spots (criteria they
 * really are worse at); each reviewer a slight leniency.  Answers are drawn
 * around those, so gap reports on demo data show real patterns.  Everything
 * comes from one GRand seeded with @seed, and dates count back from a fixed
 * day, so the same seed gives the same database.
 *
 * The interactions' content — email threads, the recorded calls shipped in
 * data/demo-calls (tools/make-demo-calls), customers' ratings, reviewers'
 * queues — comes from a second GRand seeded from @seed, so adding content
 * left the people, interactions and evaluations of every seed as they were.
 * Agents write as they score: one weak on empathy writes curt replies, one
 * weak on spelling makes typos, and calls with a real quality problem go
 * mostly to agents weak on what the call gets wrong.
 *
 * The coaching story (a fourth stream, "coac") picks five phone agents to
 * coach on empathy on 1 October 2026 and five to compare, makes their
 * empathy answers weak before and the coached ones' better after (drawn
 * from that stream, so the first stream's draws stay as they were), adds
 * ten reviewed calls each around the day, and the catalog, rules, plans
 * and proposals.  Plans are stored with their times and a uid from the
 * seed (kz_store_copy_plan()), so the same seed gives the same rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "kz-call.h"
#include "kz-demo.h"
#include "kz-error.h"
#include "kz-score.h"
#include "kz-store-private.h"

#define N_AGENTS_PER_TEAM 8
#define N_INTERACTIONS 420
#define N_EVALUATIONS 320

/* The coaching story (issue #8): weak agents of the phone teams coached on
 * empathy on one day, seven weeks before the demo's last day. */
#define COACHED_RUBRIC "phone-support"
#define COACHED_CRITERION "empathy"
#define N_COACHED 5
#define N_COMPARED 5

static const char *first_names[] = {
  "Amira", "Ben", "Chloé", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
  "Kemi", "Liam", "Maya", "Nuno", "Olivia", "Pedro", "Quinn", "Rosa", "Samir", "Tanya",
  "Uma", "Victor", "Wen", "Xavier", "Yara", "Zoe", "Aidan", "Beatriz", "Callum", "Daria",
  "Eitan", "Fatima", "Gustavo", "Hannah", "Ivo", "Joana", "Kwame", "Leonor", "Mateus", "Niamh",
  "Oscar", "Priya", "Rui", "Sofia", "Tomás", "Ursula", "Vera", "Wojciech",
};

static const char *last_names[] = {
  "Almeida", "Brooks", "Carvalho", "Doyle", "Evans", "Ferreira", "Gallagher", "Hughes",
  "Iqbal", "Jones", "Khan", "Lopes", "Murphy", "Nunes", "O'Brien", "Pereira", "Quigley",
  "Rodrigues", "Silva", "Taylor", "Usman", "Vieira", "Walsh", "Yilmaz",
};

static const struct {
  const char *site;
  const char *team;
} teams[] = {
  { "Leeds", "Billing" },
  { "Leeds", "Moving home" },
  { "Leeds", "Retentions" },
  { "Lisbon", "Smart meters" },
  { "Lisbon", "Online help" },
};

static const char *reviewer_names[] = {
  "Helen Marsh", "Rafael Costa", "Siobhan Kelly", "Tiago Matos", "Aisha Rahman", "Daniel Price",
};

static const char *manager_names[] = {
  "Claire Whitfield", "Marco Santos", "Gareth Lloyd",
};

static const char *low_comments[] = {
  "Missed this — see the 2nd half of the interaction.",
  "Customer had to ask twice before this was covered.",
  "Please review the knowledge-base article on this.",
  "Partly done; the customer was left unsure.",
  "Good intent, but the script step was skipped.",
};

static const char *high_comments[] = {
  "Textbook — worth sharing with the team.",
  "Clear and confident.",
  "Customer thanked you for this specifically.",
};

/* ---- content: customers, email topics, ratings ------------------------- */

static const char *customer_first[] = {
  "Pat", "Jordan", "Alex", "Sam", "Hazel", "Chris", "Jamie", "Robin", "Priya", "Tom", "Aoife", "Kieran",
  "Margaret", "David", "Sarah", "Ahmed", "Lucy", "Owen", "Fiona", "Raj", "Bronwen", "Ewan", "Nadia", "Graham",
};

static const char *customer_last[] = {
  "Morgan", "Patel", "Okafor", "Novak", "Mensah", "Hughes", "Campbell", "Reid", "Thompson", "Ali", "Wright",
  "Kowalski", "Byrne", "Osei", "Clarke", "Fraser", "Lewis", "Shaw",
};

static const char *customer_domains[] = { "example.com", "example.net", "example.org" };

static const char *new_addresses[] = {
  "14 Elm Grove, York", "3 Canal Street, Leeds", "27 Hillside Road, Harrogate", "Flat 5, 80 Park Lane, Bradford",
  "9 Church View, Wakefield",
};

/* One kind of email: the customer's subject and first mail, what the agent
 * found and did, and the follow-up: [0] one more question, [1] "it is still
 * not solved" (likelier when the agent's answer was incomplete), each with
 * the agent's second reply.  {tokens} are filled per thread. */
typedef struct {
  const char *subject;
  const char *ask[2];
  const char *answer;
  const char *follow_up[2];
  const char *second[2];
} EmailCase;

typedef struct {
  guint       team;
  EmailCase   cases[3];       /* subject NULL: no more */
  const char *next_step[2];   /* left out by agents weak on next steps */
  const char *customer_file;  /* an attachment the customer may send, listed only */
  const char *customer_type;
  const char *agent_file;
  const char *agent_type;
} EmailTopic;

static const EmailTopic email_topics[] = {
  { 0, {
      { "Bill much higher than usual",
        { "My latest bill is {amount}, which is nearly double what I normally pay. I sent a meter reading "
          "through the app on {day}, so I don't understand where this has come from.",
          "I've just opened my bill and it says {amount}. That can't be right for one month — we were away "
          "for part of it, and I gave you a reading on {day}." },
        "I've looked at your account: the bill used an estimated reading, because the reading you sent on {day} "
        "arrived after the bill had been produced. I've replaced the estimate with your actual reading and "
        "re-issued the bill, which comes to {amount2}.",
        { "Thanks for sorting that. Will my direct debit go down as well, or do I need to change it myself?",
          "Thank you, but I still haven't received the corrected bill. Can you check it was sent?" },
        { "Your direct debit is reviewed automatically after a corrected bill, and it will go down to {amount3} "
          "a month from your next payment. You don't need to do anything.",
          "I've checked, and the corrected bill went to {email} this morning. I've also put a copy in your "
          "online account under Bills." } },
      { "Estimated reading on my latest bill",
        { "You've used an estimated reading on my latest bill even though I submitted an actual reading of "
          "{reading} on {day}. The bill is {amount}.",
          "Why does my bill say 'estimated'? I sent you the reading ({reading}) on {day}." },
        "You're right: your reading of {reading} was held for a check because it was much lower than our "
        "estimate. I've approved it and corrected the bill, which brings it down to {amount2}. The difference "
        "has been credited to your account.",
        { "Great, thank you. How do I stop this happening again?",
          "Thanks, but the bill in the app still shows {amount}." },
        { "Readings sent in the first five days of the month are always used on that month's bill. I've also "
          "turned on reading reminders for your account.",
          "The app can take up to 24 hours to update after a correction. I've checked again, and the corrected "
          "bill of {amount2} is now showing." } },
    },
    { "You'll get the corrected bill by email within 24 hours, and your direct debit will take the new amount "
      "into account.",
      "The corrected bill will be in your online account tomorrow; nothing else is needed from you." },
    "meter-reading.jpg", "image/jpeg", "corrected-bill.pdf", "application/pdf" },

  { 0, {
      { "Missed payments - can I set up a plan?",
        { "I've missed the last two payments because my hours at work have been cut, and I'm getting reminder "
          "letters. I owe {amount} at the moment.",
          "I know I'm behind by {amount}. I want to pay it, but I can't do it all at once. Can we agree a "
          "plan?" },
        "I've set up a payment plan that spreads the {amount} over twelve months, which adds {amount3} a month "
        "to your usual payment, and I've stopped the reminder letters.",
        { "Thank you, that's a weight off my mind. Can I still pay extra when I'm able to?",
          "Thank you, but I've had another reminder letter today. Has the plan really been set up?" },
        { "Yes, you can pay extra at any time in your online account or by phone, and it will shorten the "
          "plan.",
          "The plan is in place; the letter was printed before I stopped them, and I'm sorry it worried you. "
          "No more will be sent while the plan payments are made." } },
      { "Struggling to pay my energy bill",
        { "I'm struggling to keep up with my bills since I lost my job. Is there any way I can pay off the "
          "{amount} I owe in smaller amounts?",
          NULL },
        "I've paused any collection activity on your account and set up a plan to repay the {amount} at "
        "{amount3} a month. If that is still too much, tell me what you can afford and I'll change it.",
        { "Thanks. Will the missed payments affect my credit file?",
          "I can't afford {amount3} either. Could it be less?" },
        { "As long as the plan payments are made, we won't report the arrears as a default. I've noted on your "
          "account that you're on an agreed plan.",
          "Of course. I've reduced the plan to half that amount over two years, and sent you our Energy "
          "Support Fund form, which could clear part of the balance." } },
    },
    { "The plan starts on your next payment date, and you'll get a letter confirming it within five working "
      "days.",
      "You may also be able to get help from our Energy Support Fund; I've attached the application form." },
    NULL, NULL, "energy-support-fund-application.pdf", "application/pdf" },

  { 0, {
      { "Direct debit gone up without warning",
        { "My direct debit has gone up to {amount} a month and I didn't get any notice about it.",
          "I've just noticed {amount} come out of my bank account instead of my usual payment. Nobody told me "
          "it was changing." },
        "Your direct debit was reviewed on {day} because your account was {amount2} in debit after the price "
        "change. We should have written to you ten days before the change, and that letter didn't reach you. "
        "Looking at your readings, the new amount is higher than it needs to be, so I've reduced it to "
        "{offer} a month.",
        { "Thanks. Can I get back the extra that has already been taken?",
          "I'd rather keep my old amount and settle the difference at the end of the year. Is that possible?" },
        { "Yes — I've asked for the overpayment to be refunded to your bank account. It takes three to five "
          "working days to arrive.",
          "We can do that, though you may then have a larger balance to clear next summer. I've set the "
          "payment back to your previous amount." } },
      { "Refund of credit on my closed account",
        { "I closed my account when I moved in the summer, and my final statement says I'm {amount} in credit, "
          "but I still haven't had the refund.",
          NULL },
        "The refund of {amount} was held because we had no bank details for your closed account. I've sent it "
        "by cheque to your new address today.",
        { "Thanks. Could you pay it by bank transfer instead? It's quicker for me.",
          "It's been ten days and the cheque still hasn't come." },
        { "Of course: I've cancelled the cheque and sent you a secure form for your bank details; the money "
          "arrives within three working days of your filling it in.",
          "I'm sorry about that. I've cancelled the cheque and paid the {amount} by bank transfer instead." } },
    },
    { "The change applies from your next payment, and you'll get a confirmation email today.",
      "I've also updated your contact preferences so future notices come by email." },
    "bank-statement.pdf", "application/pdf", NULL, NULL },

  { 1, {
      { "Moving out - final meter reading",
        { "I'm moving out of my flat on {when} and need to close my account. The meter reading today is "
          "{reading}.",
          "We're moving house on {when}. What do I need to do to get a final bill? The new tenants move in the "
          "same day. Today's reading is {reading}." },
        "I've recorded your reading of {reading} and arranged for the account to close on {when}. You only pay "
        "for what you use up to that date; the new occupiers will be billed from then on.",
        { "Thanks. My new address is {address}. Can you supply energy there as well?",
          "I've just had a bill for the old address dated after I left. Why?" },
        { "I've added your forwarding address. We can supply {address} too: I've passed your details to our "
          "new-home team, who will contact you within two working days.",
          "That bill was produced before your move-out date reached us, so please ignore it. I've cancelled "
          "it, and your final bill will follow within two weeks." } },
      { "Final bill sent to my old address",
        { "I moved out on {day} and handed the keys back, but my final bill has gone to the old address. My "
          "final reading was {reading}.",
          NULL },
        "I've updated the account with your move-out date of {day} and your final reading of {reading}, and "
        "re-sent the final bill by email. It comes to {amount2}.",
        { "Thanks. How do I pay it?",
          "The final bill still shows the wrong end date." },
        { "You can pay in your online account, by bank transfer to the details on the bill, or by phone. Once "
          "it's paid, the account will close automatically.",
          "Apologies for that. I've corrected the end date to {day} and re-issued the final bill." } },
    },
    { "Your final bill will be issued within two weeks. If you're in credit, the refund will go back to the "
      "bank account your direct debit came from.",
      "Please reply with your forwarding address so the final bill reaches you." },
    "final-meter-reading.jpg", "image/jpeg", "final-bill.pdf", "application/pdf" },

  { 1, {
      { "Just moved in - setting up an account",
        { "I moved into {address} on {day} and the bills are still coming in the previous tenant's name. I'd "
          "like to open an account in my name. The reading on the day I moved in was {reading}.",
          "I've just moved into a new flat and I think you supply the electricity. How do I set up an account? "
          "The meter reading is {reading}." },
        "Welcome to Northwind Energy. I've opened an account in your name from {day}, using your move-in "
        "reading of {reading}, so you won't pay for anything the previous occupier used. Your account number "
        "is {acct}.",
        { "Great, thanks. Is there a cheaper tariff than the standard one?",
          "Thanks, but I've had another letter addressed to 'The Occupier' asking who lives here." },
        { "Our 12-month fixed tariff would cost about {amount3} a month less for a home like yours. You can "
          "switch to it in your online account with no fee.",
          "That letter crossed with your account being set up; I've confirmed your name on the account, so you "
          "won't get any more." } },
      { "Account still in previous tenant's name",
        { "The account at my address is still in the previous tenant's name, and I've been here since {day}.",
          NULL },
        "I've closed the previous tenant's account on {day} and opened one in your name from the same date. "
        "Your account number is {acct}.",
        { "Thank you. Do you need a meter reading from me?",
          "I've had a bill in the old name again this week." },
        { "Yes please: a reading from today, or a photo of the meter, lets us check the opening reading.",
          "Sorry about that; it was sent before the change. I've cancelled it, and everything from now on will "
          "be in your name." } },
    },
    { "You'll get a welcome pack by email with your tariff details; you can then set up a direct debit in your "
      "online account.",
      "Please send us a photo of the meter when you can, so we can confirm the meter's serial number." },
    "meter-photo.jpg", "image/jpeg", "welcome-pack.pdf", "application/pdf" },

  { 2, {
      { "My fixed tariff is ending",
        { "I've had a letter saying my fixed tariff ends on {when}. What can you offer me? Otherwise I'll "
          "probably switch.",
          "My fix runs out on {when}. I'd like to stay if the price is right." },
        "The best I can offer is our 12-month fixed tariff at about {amount2} a month for your usage, with no "
        "exit fees. That is less than the standard rate you would move to on {when}.",
        { "Does the fixed price include the standing charge?",
          "That's still more than I pay now. Is there nothing cheaper?" },
        { "Yes, the standing charge is fixed too, at the rate in the attached tariff sheet.",
          "It is the lowest price we have today. Prices have risen since your last fix, but the fixed tariff "
          "protects you from further rises for twelve months." } },
      { "Found a cheaper quote elsewhere",
        { "I've been quoted {amount2} a month by another supplier, which is a lot less than the {amount} I pay "
          "you. Can you match it?",
          "I've been with you for six years and I'm thinking of switching. Do you have any loyalty discounts?" },
        "I've compared your usage with our current tariffs. Our 12-month fix would cost about {offer} a "
        "month; it isn't quite as low as the quote you mention, but it has no exit fees and includes a free "
        "smart meter upgrade.",
        { "OK, please go ahead and switch me to the fixed tariff.",
          "That doesn't really help. Is that your best offer?" },
        { "Done: you're on the 12-month fix from {when}. The confirmation with your new tariff details is "
          "attached.",
          "It is, I'm afraid. I understand if you decide to switch; there's no exit fee on your current "
          "tariff." } },
    },
    { "If you'd like to go ahead, just reply to this email; you'll then have fourteen days to change your mind.",
      "The offer is open until {when}. You can accept it in your online account under Tariffs." },
    "competitor-quote.pdf", "application/pdf", "tariff-information-label.pdf", "application/pdf" },

  { 2, {
      { "Cancelling within 14 days",
        { "I signed up with you on {day}, but I've changed my mind. Please cancel my contract. Will I have to "
          "pay an exit fee?",
          "Please cancel my switch to Northwind. I only joined on {day}." },
        "As you joined us on {day}, you're within the 14-day cooling-off period, so there's no exit fee. I've "
        "cancelled the switch, and your previous supplier will carry on supplying you.",
        { "Thanks. Will I get back the payment I already made?",
          "I've just had a welcome letter from you. Has it really been cancelled?" },
        { "Yes, the {amount2} you paid will be refunded to your card within five working days.",
          "It has; the welcome letter was printed before the cancellation. You'll get a written confirmation "
          "within five working days." } },
      { "Exit fee question",
        { "I want to leave my fixed deal early because I'm moving abroad. How much is the exit fee?",
          NULL },
        "The exit fee on your tariff is {amount3} per fuel. We waive it for customers moving abroad, so you "
        "won't be charged once you send us proof of the move.",
        { "What proof of the move do you need?",
          "I've been charged the exit fee anyway." },
        { "A copy of your new tenancy agreement or an employment contract abroad is enough. You can reply to "
          "this email with it attached.",
          "I'm sorry — the waiver hadn't been applied. I've refunded the fee in full." } },
    },
    { "You'll receive written confirmation within five working days.",
      "Please send your final meter reading on the day you leave, and we'll issue your final bill." },
    NULL, NULL, NULL, NULL },

  { 3, {
      { "In-home display says no signal",
        { "My in-home display has said 'no signal' for about a week, and I'm not sure the meter is sending "
          "readings any more.",
          "The display that came with my smart meter hasn't updated since {day}. It shows the same usage every "
          "day." },
        "I've checked the meter remotely and it is talking to us, so your readings are arriving. The problem "
        "is only the link between the meter and the display. Please unplug the display, wait ten seconds and "
        "plug it back in within two metres of the meter; it can take up to an hour to reconnect.",
        { "Thank you, it's working now. Can I see the half-hourly usage in the app too?",
          "I tried that, but it still says no signal. Can you book an engineer, please?" },
        { "Yes: in the app, open Usage and choose 'Half-hourly'. It shows the previous day's usage each "
          "morning.",
          "I've booked an engineer for {when}, between 8am and 12pm, at no cost. You'll get a text the day "
          "before with the engineer's name." } },
      { "Smart meter not sending readings",
        { "Since the smart meter was installed on {day} I've still been getting estimated bills. Is it "
          "actually sending readings?",
          NULL },
        "Our records show the meter stopped sending readings on {day}. I've sent it a reset signal, and it's "
        "connected again. I've also replaced the estimates on your account with the meter's actual readings.",
        { "Thanks. Will my next bill be right?",
          "It's happened again — another estimated bill today." },
        { "Yes, your next bill will use the meter's actual readings; I've checked that today's arrived.",
          "I'm sorry. The meter's communications module is faulty, so I've booked an engineer to replace it on "
          "{when}." } },
    },
    { "If the display still says 'no signal' after 24 hours, reply to this email and I'll book an engineer at "
      "no cost.",
      "Your next bill will use the meter's actual readings." },
    "display-photo.jpg", "image/jpeg", NULL, NULL },

  { 3, {
      { "Engineer didn't turn up",
        { "I took the morning off work on {day} for the smart meter installation and nobody turned up. Nobody "
          "called either. This isn't good enough.",
          "I waited in all day on {day} for your engineer, who never came. I'd like an explanation." },
        "I'm very sorry that nobody came. The engineer was taken ill and we should have told you. I've added "
        "a £30 goodwill credit to your account and booked a new appointment for {when}, between 8am and 12pm.",
        { "Thank you. Could I have an afternoon slot instead?",
          "I've had no confirmation of the new appointment." },
        { "I've moved the appointment to the afternoon of {when}, 12pm to 4pm.",
          "I'm sorry, the confirmation wasn't sent. I've re-sent it by email and text just now." } },
      { "Smart meter installation appointment",
        { "I'd like to book a smart meter installation. I'm at home on Tuesdays and Thursdays.",
          "Can I move my smart meter appointment? I won't be in on the day." },
        "I've booked your installation for {when}, between 8am and 12pm. The engineer needs access to the meter "
        "for about two hours, and the power will be off for around 30 minutes.",
        { "Will the engineer need to come inside? I have a dog.",
          "{when} isn't a Tuesday or a Thursday." },
        { "Yes, the meter is inside, so the engineer will need to come in. It helps if your dog is in another "
          "room during the visit; I've added a note for the engineer.",
          "You're right, my apologies. I've moved it to the next Thursday, same time." } },
    },
    { "You'll get a text the day before with the engineer's name, and you can rearrange online up to 24 hours "
      "before.",
      "If that time doesn't suit you, reply with a better day and I'll change it." },
    NULL, NULL, "appointment-confirmation.pdf", "application/pdf" },

  { 4, {
      { "Can't log in to my account",
        { "I can't log in to my online account. It says my password is wrong, and the reset email never "
          "arrives.",
          "The app keeps telling me my account is locked. I've tried resetting my password twice." },
        "Your account was locked after several unsuccessful attempts. I've unlocked it and sent a new password "
        "reset link to {email}; it's valid for one hour.",
        { "That worked, thank you! Can I turn on two-step verification?",
          "I got the email this time, but the app still says 'account locked'." },
        { "Yes: once you're logged in, go to Settings, then Security, and turn on two-step verification.",
          "The app keeps your old session for a while. Please log out, close the app completely and log in "
          "again; it will then pick up the unlocked account." } },
      { "Password reset email never arrives",
        { "I've asked for a password reset three times today and haven't received any email. I've checked my "
          "spam folder.",
          NULL },
        "The reset emails were going to an old email address on your account. I've updated it to {email} and "
        "sent a new reset link.",
        { "Got it, thanks. Will my bills go to the new address too?",
          "Still nothing, I'm afraid." },
        { "Yes, everything now goes to {email}.",
          "Some email providers hold our messages for a few minutes. I've sent the link again and also by text "
          "to the mobile number on your account." } },
    },
    { "If the email doesn't arrive within ten minutes, please check your junk folder and add "
      "no-reply@northwind-energy.example to your contacts.",
      "Once you've logged in, you can turn on two-step verification under Settings for extra security." },
    "screenshot.png", "image/png", NULL, NULL },

  { 4, {
      { "App shows a different balance to my bill",
        { "The app says I'm {amount} in credit, but my bill says I owe {amount2}. Which one is right?",
          "Why is the balance in the app different from my bill?" },
        "The bill shows your balance on the day it was produced, while the app includes payments made since. "
        "Your balance today is {amount} in credit, so the app is right.",
        { "Thanks. Can I get that credit back?",
          "The app now shows a different number again." },
        { "Yes: I've asked for {amount} to be refunded to your bank account; it arrives in three to five "
          "working days.",
          "Your direct debit was taken this morning, which the app now includes. Your balance is still in "
          "credit." } },
      { "How do I submit a meter reading online?",
        { "How do I submit a meter reading online? I can't find the option in the app.",
          NULL },
        "You can submit a reading in the app under Account, then Meter readings, then Submit a reading, or on "
        "our website after logging in. I've attached a short guide with screenshots.",
        { "Thanks. Can I get a reminder to send readings each month?",
          "I sent one last week and it still isn't showing." },
        { "Yes: in the app go to Settings, then Notifications, and turn on 'Meter reading reminders'. You'll "
          "get one on the 1st of each month.",
          "I can see your reading of {reading} from {day}; it was held for a check because it was higher than "
          "expected. I've approved it, and it now shows in your account." } },
    },
    { "If you submit a reading in the first five days of the month, it will be used on your next bill.",
      "Your next bill will show the updated balance." },
    "app-screenshot.png", "image/png", "submit-a-reading-guide.pdf", "application/pdf" },

  { 4, {
      { "Error when updating my payment card",
        { "I'm trying to update my card details on the website, but I keep getting 'something went wrong'. "
          "I've tried two different browsers.",
          "I tried to pay {amount} by card in the app and it failed three times, but my bank says the payment "
          "was approved." },
        "There was a fault with our card payment page on {day}, which has now been fixed. Your card wasn't "
        "charged for the failed attempts; any pending amounts will drop off within three working days.",
        { "Thanks. Do I need to do anything else?",
          "It still doesn't work. I tried again this morning at 9." },
        { "No, everything is up to date on your account now.",
          "Thank you for trying again. I've sent you a secure link by text so you can update the card without "
          "the website; I'll check it went through." } },
      { "Paperless billing",
        { "I'd like to switch to paperless billing. Can you set that up for me?",
          NULL },
        "I've switched your account to paperless billing. From now on your bills will come by email and be "
        "kept in your online account.",
        { "Thanks. Will I still get paper statements for the annual summary?",
          "I've had a paper bill again this month." },
        { "No, the annual summary will come by email too. If you ever need a paper copy, just ask and we'll "
          "post one.",
          "That bill was printed before the change; it's the last one. The next one will come by email." } },
    },
    { "Please try again now. If it still fails, reply with the time you tried and I'll check our logs.",
      "Your next bill on {when} will be the first one sent by email." },
    "error-message.png", "image/png", NULL, NULL },
};

static const char *customer_greetings[] = {
  "Hello,", "Hi,", "Dear Northwind Energy,", "Good morning,", "Hi there,", "To whom it may concern,",
};

static const char *customer_requests[] = {
  "Can you look into this, please?", "Please let me know what I need to do.",
  "I'd appreciate a reply as soon as possible.", "Thanks in advance for your help.",
};

static const char *customer_signoffs[] = { "Thanks,", "Kind regards,", "Many thanks,", "Best wishes,", "Regards," };

static const char *customer_thanks[] = {
  "Thanks, that's all sorted now.", "Perfect, thank you for your help.", "Brilliant, thanks {agent}.",
  "That's great, thank you.",
};

static const char *agent_empathy[] = {
  "Thank you for your email, and I'm sorry for the trouble this has caused.",
  "Thanks for getting in touch. I understand how frustrating this must be.",
  "Thank you for contacting Northwind Energy, and I'm sorry you've had to write to us about this.",
  "Thanks for your message, and for your patience while I looked into this.",
};

static const char *agent_again[] = {
  "Thanks for coming back to me.", "Thank you for your reply.", "Thanks for letting me know.",
};

static const char *agent_closings[] = {
  "If there's anything else I can help with, just reply to this email.",
  "Please don't hesitate to get in touch if you have any other questions.",
  "I hope this helps. Let me know if anything is unclear.",
};

static const char *agent_signoffs[] = { "Kind regards,", "Best wishes,", "Many thanks," };

/* What an agent weak on spelling and grammar gets wrong. */
static const char *typos[][2] = {
  { "received", "recieved" }, { "I've", "Ive" }, { "account", "acount" }, { "it's", "its" },
  { "which", "wich" }, { "you're", "your" }, { "arrive", "arive" }, { "appointment", "appointmnet" },
  { "sorry", "sory" }, { "separately", "seperately" }, { "there", "their" },
};

static const char *low_feedback[] = {
  "I had to chase this and it still isn't sorted.",
  "The person I dealt with didn't seem interested in helping.",
  "I'm not convinced what I was told is right.",
  "Too slow, and nobody explained anything.",
  "Short with me from start to finish.",
};

static const char *mid_feedback[] = {
  "Got there in the end, but it took longer than it should have.",
  "Fine, but I had to explain everything twice.",
  "OK service, nothing special.",
};

static const char *high_feedback[] = {
  "Quick, friendly and sorted first time.",
  "Really helpful — explained everything clearly.",
  "Thank you, the agent went above and beyond.",
  "Very polite and efficient.",
};

static const char *day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
  "November", "December",
};

typedef struct {
  gint64      id;
  const char *name;
  guint       team;
  double      ability;    /* mean normalised value, ~0.6–0.9 */
  guint32     weak_hash;  /* which criteria are weak spots */
  gboolean    coached;    /* coached on COACHED_CRITERION on the coaching day (see choose_coaching()) */
  gboolean    compared;   /* … or weak on it, like them, but not coached */
} DemoAgent;

static gboolean
weak_on (const DemoAgent *agent,
         const char      *criterion_id)
{
  /* About one criterion in five, stable per agent. */
  return ((g_str_hash (criterion_id) ^ agent->weak_hash) % 5) == 0;
}

static double
gauss (GRand *rand)
{
  /* Box–Muller; one value per call is plenty here. */
  double u1 = g_rand_double_range (rand, 1e-12, 1.0);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);
}

static char *
slug (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *s = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (s, g_ascii_tolower (*p));
      else if (*p == ' ')
        g_string_append_c (s, '.');
    }
  return g_string_free (s, FALSE);
}

const char *
kz_demo_rubrics_dir (void)
{
  const char *env = g_getenv ("KAIZEN_RUBRICS_DIR");

  if (env != NULL && *env != '\0')
    return env;
  if (g_file_test (RUBRICS_DIR, G_FILE_TEST_IS_DIR))
    return RUBRICS_DIR;
  return RUBRICS_SRCDIR;
}

/* ---- the recorded calls ------------------------------------------------- */

typedef struct {
  char        *name;
  guint        team;          /* index into teams[] */
  char        *topic;
  KzDirection  direction;
  char        *customer_ref;
  char        *audio_path;    /* absolute */
  char        *audio_type;
  gint         duration_s;
  GPtrArray   *transcript;    /* KzTranscriptSegment*, shared by every call that plays it */
  GStrv        problems;      /* criteria the call really falls short on; empty for a good call */
} DemoRecording;

static void
demo_recording_free (DemoRecording *self)
{
  g_free (self->name);
  g_free (self->topic);
  g_free (self->customer_ref);
  g_free (self->audio_path);
  g_free (self->audio_type);
  g_clear_pointer (&self->transcript, g_ptr_array_unref);
  g_strfreev (self->problems);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoRecording, demo_recording_free)

const char *
kz_demo_calls_dir (void)
{
  static char *installed, *source;
  static gsize once;
  const char *env = g_getenv ("KAIZEN_DEMO_CALLS_DIR");

  if (env != NULL && *env != '\0')
    return env;
  if (g_once_init_enter (&once))
    {
      /* Next to the rubrics: installed under the package's data folder, in
       * the source tree under data/. */
      g_autofree char *srcroot = g_path_get_dirname (RUBRICS_SRCDIR);

      installed = g_build_filename (PKGDATADIR, "demo-calls", NULL);
      source = g_build_filename (srcroot, "data", "demo-calls", NULL);
      g_once_init_leave (&once, 1);
    }
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return installed;
  return source;
}

/* Reads calls.ini, each call's audio (sniffed, never decoded) and its
 * WebVTT transcript with the importer's own parser. */
static GPtrArray *
load_recordings (const char  *dir,
                 GError     **error)
{
  g_autofree char *abs_dir = g_canonicalize_filename (dir, NULL);
  g_autofree char *index = g_build_filename (abs_dir, "calls.ini", NULL);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_recording_free);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;

  if (!g_key_file_load_from_file (keys, index, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("The demo's recorded calls cannot be read: %s: %s"),
                   index, local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (keys, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      const char *name = groups[g];
      g_autoptr(DemoRecording) rec = g_new0 (DemoRecording, 1);
      g_autofree char *team = g_key_file_get_string (keys, name, "team", NULL);
      g_autofree char *direction = g_key_file_get_string (keys, name, "direction", NULL);
      g_autofree char *audio_name = g_strconcat (name, ".ogg", NULL);
      g_autofree char *vtt_name = g_strconcat (name, ".vtt", NULL);
      g_autofree char *vtt = g_build_filename (abs_dir, vtt_name, NULL);
      g_autoptr(GStrvBuilder) problems = g_strv_builder_new ();
      g_auto(GStrv) listed = NULL;
      const KzTranscriptSegment *last;
      const char *type;
      double duration;
      gint last_end_ms;

      rec->name = g_strdup (name);
      rec->team = G_N_ELEMENTS (teams);
      for (guint t = 0; team != NULL && t < G_N_ELEMENTS (teams); t++)
        if (g_str_equal (team, teams[t].team))
          rec->team = t;
      if (rec->team == G_N_ELEMENTS (teams))
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: [%s]: “%s” is not a team of the demo"),
                       index, name, team ? team : "");
          return NULL;
        }
      rec->topic = g_key_file_get_string (keys, name, "topic", NULL);
      if (rec->topic == NULL || *rec->topic == '\0')
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: [%s]: the topic is missing"), index, name);
          return NULL;
        }
      if (g_strcmp0 (direction, "inbound") == 0)
        rec->direction = KZ_DIRECTION_INBOUND;
      else if (g_strcmp0 (direction, "outbound") == 0)
        rec->direction = KZ_DIRECTION_OUTBOUND;
      else
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s: [%s]: the direction is “inbound” or “outbound”, not “%s”"), index, name,
                       direction ? direction : "");
          return NULL;
        }
      rec->customer_ref = g_key_file_get_string (keys, name, "customer", NULL);
      listed = g_key_file_get_string_list (keys, name, "problem", NULL, NULL);
      for (guint k = 0; listed != NULL && listed[k] != NULL; k++)
        if (*g_strstrip (listed[k]) != '\0')
          g_strv_builder_add (problems, listed[k]);
      rec->problems = g_strv_builder_end (problems);

      rec->audio_path = g_build_filename (abs_dir, audio_name, NULL);
      type = kz_audio_sniff (rec->audio_path, error);
      if (type == NULL)
        return NULL;
      rec->audio_type = g_strdup (type);
      rec->transcript = kz_transcript_load (vtt, error);
      if (rec->transcript == NULL)
        return NULL;
      if (rec->transcript->len == 0)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: the transcript has no cues"), vtt);
          return NULL;
        }

      /* The length the generator measured; without one, the last cue's end. */
      last = g_ptr_array_index (rec->transcript, rec->transcript->len - 1);
      last_end_ms = MAX (last->end_ms, last->start_ms);
      duration = g_key_file_get_double (keys, name, "duration", &local_error);
      if (local_error != NULL)
        {
          g_clear_error (&local_error);
          duration = last_end_ms / 1000.0;
        }
      if (duration <= 0 || duration * 1000 + 1000 < last_end_ms)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s: [%s]: the duration %.3f s is shorter than the transcript"), index, name, duration);
          return NULL;
        }
      rec->duration_s = (gint) (duration + 0.5);
      g_ptr_array_add (list, g_steal_pointer (&rec));
    }

  if (list->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("%s lists no recorded calls"), index);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort hands us pointers to the elements. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
load_rubrics (const char  *dir,
              GError     **error)
{
  g_autoptr(GPtrArray) rubrics = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      KzRubric *rubric = kz_rubric_load_file (path, error);

      if (rubric == NULL)
        return NULL;
      g_ptr_array_add (rubrics, rubric);
    }

  if (rubrics->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("No rubric files (*.xml) in %s"), dir);
      return NULL;
    }
  return g_steal_pointer (&rubrics);
}

GPtrArray *
kz_demo_load_rubrics (const char  *dir,
                      GError     **error)
{
  return load_rubrics (dir ? dir : kz_demo_rubrics_dir (), error);
}

/* Picks the scale point nearest to @target (normalised), as a reviewer would. */
static double
nearest_point (const KzCriterion *c,
               double             target)
{
  double min = kz_scale_get_min (c->scale);
  double max = kz_scale_get_max (c->scale);
  double best = min, best_d = G_MAXDOUBLE;

  for (guint i = 0; i < c->scale->points->len; i++)
    {
      const KzScalePoint *p = g_ptr_array_index (c->scale->points, i);
      double d = fabs ((p->value - min) / (max - min) - target);

      if (d < best_d)
        {
          best_d = d;
          best = p->value;
        }
    }
  return best;
}

static void
make_answers (GRand           *rand,
              KzRubric        *rubric,
              const DemoAgent *agent,
              double           leniency,
              gboolean         complete,
              GRand           *lift_rand,
              double           lift_shift,
              KzAnswerSet     *answers)
{
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  for (guint i = 0; i < sections->len; i++)
    {
      KzSection *section = g_ptr_array_index (sections, i);

      for (guint j = 0; j < section->criteria->len; j++)
        {
          KzCriterion *c = g_ptr_array_index (section->criteria, j);
          gboolean weak = weak_on (agent, c->id);
          double target;
          double value;
          const char *comment = NULL;

          if (!complete && g_rand_double (rand) < 0.3)
            continue;  /* drafts are half done */

          if (kz_criterion_allows_na (c) && g_rand_double (rand) < 0.08)
            {
              kz_answer_set_put (answers, kz_answer_new (c->id, KZ_ANSWER_NA, 0, NULL));
              continue;
            }

          target = agent->ability + leniency + (weak ? -0.35 : 0.05) + 0.18 * gauss (rand);

          if (c->critical != KZ_CRITICAL_NONE)
            {
              /* Critical items are mostly met; weak agents miss them sometimes. */
              double p_fail = weak ? 0.12 : 0.02;
              value = g_rand_double (rand) < p_fail ? kz_scale_get_min (c->scale)
                                                    : kz_scale_get_max (c->scale);
            }
          else if (c->scale->points->len == 2)
            value = g_rand_double (rand) < CLAMP (target, 0.02, 0.98) ? kz_scale_get_max (c->scale)
                                                                      : kz_scale_get_min (c->scale);
          else
            value = nearest_point (c, CLAMP (target, 0.0, 1.0));

          if (value <= kz_scale_get_min (c->scale) && g_rand_double (rand) < 0.7)
            comment = low_comments[g_rand_int_range (rand, 0, G_N_ELEMENTS (low_comments))];
          else if (value >= kz_scale_get_max (c->scale) && g_rand_double (rand) < 0.05)
            comment = high_comments[g_rand_int_range (rand, 0, G_N_ELEMENTS (high_comments))];

          /* The coaching story's agents: weak on the coached criterion
           * until they are coached, better after it (lift_shift).  Drawn
           * again from @lift_rand, so @rand (and all else) stays as it was. */
          if (lift_rand != NULL && g_str_equal (c->id, COACHED_CRITERION) && c->critical == KZ_CRITICAL_NONE)
            {
              double lifted = agent->ability + leniency + lift_shift + 0.12 * gauss (lift_rand);

              value = c->scale->points->len == 2
                ? (g_rand_double (lift_rand) < CLAMP (lifted, 0.02, 0.98) ? kz_scale_get_max (c->scale)
                                                                         : kz_scale_get_min (c->scale))
                : nearest_point (c, CLAMP (lifted, 0.0, 1.0));
              comment = NULL;
              if (value <= kz_scale_get_min (c->scale) && g_rand_double (lift_rand) < 0.7)
                comment = low_comments[g_rand_int_range (lift_rand, 0, G_N_ELEMENTS (low_comments))];
            }

          kz_answer_set_put (answers, kz_answer_new (c->id, KZ_ANSWER_VALUE, value, comment));
        }
    }
}

static KzRubric *
rubric_for (GPtrArray  *rubrics,
            KzChannel   channel,
            guint       team,
            GRand      *rand)
{
  g_autoptr(GPtrArray) fitting = g_ptr_array_new ();

  for (guint i = 0; i < rubrics->len; i++)
    {
      KzRubric *r = g_ptr_array_index (rubrics, i);
      gboolean is_email = strstr (kz_rubric_get_id (r), "email") != NULL;
      gboolean is_compliance = strstr (kz_rubric_get_id (r), "compliance") != NULL ||
                               strstr (kz_rubric_get_id (r), "regulated") != NULL;

      if (channel == KZ_CHANNEL_EMAIL && is_email)
        g_ptr_array_add (fitting, r);
      else if (channel == KZ_CHANNEL_CALL && !is_email &&
               (!is_compliance || team == 0 || team == 2))
        g_ptr_array_add (fitting, r);
    }
  if (fitting->len == 0)
    return g_ptr_array_index (rubrics, g_rand_int_range (rand, 0, rubrics->len));
  return g_ptr_array_index (fitting, g_rand_int_range (rand, 0, fitting->len));
}

/* ---- what each interaction holds ----------------------------------------- */

/* Decided when the interaction is added, written once the evaluations are
 * saved (the customer's rating follows what the reviewer found). */
typedef struct {
  gint64               id;
  guint                agent;         /* index into the agents */
  KzChannel            channel;
  gint64               started_at;    /* Unix time */
  const char          *subject;
  char                *message_id;    /* email: the first message's, which is the external_ref */
  guint                topic;         /* email: index into email_topics */
  guint                email_case;
  guint                first, last, domain, account;   /* the customer */
  const DemoRecording *recording;     /* call */
  gboolean             evaluated;
  gboolean             submitted;
  guint                reviewer;      /* index into the reviewers, when evaluated */
  gboolean             has_score;
  double               final;
  double               flaw;          /* how much the content let the customer down, 0–0.5 */
  double               care;          /* submitted: mean normalised value of what customers notice; NAN: none */
  gint64               last_at;       /* the last email, or the end of the call */
} DemoPlan;

/* What customers notice in an interaction: empathy and getting the problem
 * solved.  The report on the demo (kaizenctl report customer-voice) shows
 * these matter to the customer's rating, and the greeting does not. */
static const char * const customer_criteria[] = {
  "empathy",                  /* both */
  "ownership",                /* phone: the agent saw the problem through */
  "complete",                 /* email: every question answered */
};

/* The mean normalised value of the customer_criteria[] answered with a
 * value; NAN when the rubric has none of them or all are N/A. */
static double
customer_care (KzRubric    *rubric,
               KzAnswerSet *answers)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (customer_criteria); i++)
    {
      const KzCriterion *c = kz_rubric_find_criterion (rubric, customer_criteria[i]);
      const KzAnswer *a = c != NULL ? kz_answer_set_get (answers, c->id) : NULL;

      if (a == NULL || a->kind != KZ_ANSWER_VALUE)
        continue;
      sum += kz_criterion_normalise (c, a->value);
      n++;
    }
  return n > 0 ? sum / n : NAN;
}

static void
demo_plan_clear (DemoPlan *plan)
{
  g_clear_pointer (&plan->message_id, g_free);
}

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* Agents weak on what a recording gets wrong get it much more often. */
static const DemoRecording *
pick_recording (GPtrArray       *recordings,
                const DemoAgent *agent,
                GRand           *rand)
{
  g_autofree double *weights = g_new0 (double, recordings->len);
  double total = 0, x;

  for (guint i = 0; i < recordings->len; i++)
    {
      const DemoRecording *rec = g_ptr_array_index (recordings, i);

      if (rec->team != agent->team)
        continue;
      /* The first problem listed is what the call is mostly about. */
      weights[i] = rec->problems[0] == NULL ? 1.0 : weak_on (agent, rec->problems[0]) ? 2.0 : 0.15;
      total += weights[i];
    }
  if (total == 0)
    {
      /* No recording of this team's: any will do. */
      for (guint i = 0; i < recordings->len; i++)
        weights[i] = 1.0;
      total = recordings->len;
    }
  x = g_rand_double (rand) * total;
  for (guint i = 0; i < recordings->len; i++)
    {
      if (x < weights[i])
        return g_ptr_array_index (recordings, i);
      x -= weights[i];
    }
  for (guint i = recordings->len; i > 0; i--)
    if (weights[i - 1] > 0)
      return g_ptr_array_index (recordings, i - 1);
  g_assert_not_reached ();
}

static void
plan_email (DemoPlan        *plan,
            const DemoAgent *agent,
            GRand           *rand)
{
  guint fitting[G_N_ELEMENTS (email_topics)];
  guint n = 0, n_cases = 0;
  const EmailTopic *topic;

  for (guint i = 0; i < G_N_ELEMENTS (email_topics); i++)
    if (email_topics[i].team == agent->team)
      fitting[n++] = i;
  g_assert (n > 0);
  plan->topic = fitting[g_rand_int_range (rand, 0, n)];
  topic = &email_topics[plan->topic];
  while (n_cases < G_N_ELEMENTS (topic->cases) && topic->cases[n_cases].subject != NULL)
    n_cases++;
  plan->email_case = g_rand_int_range (rand, 0, n_cases);
  plan->subject = topic->cases[plan->email_case].subject;
}

/* ---- email threads ------------------------------------------------------ */

typedef struct {
  char       *first;      /* the customer */
  char       *full;
  char       *email;
  char       *acct;
  char       *amount, *amount2, *amount3;   /* {amount2} is less than {amount} */
  char       *offer;      /* between {amount2} and {amount} */
  char       *day;        /* a date before the first email */
  char       *when;       /* a date after it */
  char       *reading;
  const char *address;
  char       *agent;      /* the agent's first name */
} Tokens;

static void
tokens_clear (Tokens *t)
{
  g_free (t->first);
  g_free (t->full);
  g_free (t->email);
  g_free (t->acct);
  g_free (t->amount);
  g_free (t->amount2);
  g_free (t->amount3);
  g_free (t->offer);
  g_free (t->day);
  g_free (t->when);
  g_free (t->reading);
  g_free (t->agent);
}

/* Month names and weekdays in English whatever the locale: these are the
 * words of Northwind's customers and agents, not of Kaizen's interface. */
static char *
day_month (gint64 unix_time)
{
  g_autoptr(GDateTime) d = g_date_time_new_from_unix_utc (unix_time);

  return g_strdup_printf ("%d %s", g_date_time_get_day_of_month (d), month_names[g_date_time_get_month (d) - 1]);
}

static char *
attribution_date (GDateTime *d)
{
  return g_strdup_printf ("%s, %d %.3s %d at %02d:%02d", day_names[g_date_time_get_day_of_week (d) - 1],
                          g_date_time_get_day_of_month (d), month_names[g_date_time_get_month (d) - 1],
                          g_date_time_get_year (d), g_date_time_get_hour (d), g_date_time_get_minute (d));
}

static char *
money (guint pence)
{
  return g_strdup_printf ("£%u.%02u", pence / 100, pence % 100);
}

static void
append_filled (GString      *out,
               const char   *text,
               const Tokens *t)
{
  g_autoptr(GString) s = g_string_new (text);

  g_string_replace (s, "{first}", t->first, 0);
  g_string_replace (s, "{email}", t->email, 0);
  g_string_replace (s, "{acct}", t->acct, 0);
  g_string_replace (s, "{amount}", t->amount, 0);
  g_string_replace (s, "{amount2}", t->amount2, 0);
  g_string_replace (s, "{amount3}", t->amount3, 0);
  g_string_replace (s, "{offer}", t->offer, 0);
  g_string_replace (s, "{day}", t->day, 0);
  g_string_replace (s, "{when}", t->when, 0);
  g_string_replace (s, "{reading}", t->reading, 0);
  g_string_replace (s, "{address}", t->address, 0);
  g_string_replace (s, "{agent}", t->agent, 0);
  g_string_append_len (out, s->str, s->len);
}

/* "On Mon, 2 Nov 2026 at 09:14, Pat Morgan <pat@example.net> wrote:" and
 * the previous message as "> " lines, as mail programs quote. */
static void
append_quote (GString              *out,
              const KzEmailMessage *previous)
{
  g_autofree char *date = attribution_date (previous->date);
  g_auto(GStrv) lines = g_strsplit (previous->body, "\n", -1);

  g_string_append_printf (out, "\n\nOn %s, %s wrote:\n", date, previous->from);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        g_string_append (out, ">");
      else
        g_string_append_printf (out, "%s%s", lines[i][0] == '>' ? ">" : "> ", lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
}

static void
misspell (GString *text,
          GRand   *rand)
{
  /* Two or three slips, of words the reply really has. */
  guint wanted = g_rand_int_range (rand, 2, 4);
  guint start = g_rand_int_range (rand, 0, G_N_ELEMENTS (typos));

  for (guint k = 0; k < G_N_ELEMENTS (typos) && wanted > 0; k++)
    {
      const char * const *typo = typos[(start + k) % G_N_ELEMENTS (typos)];

      if (strstr (text->str, typo[0]) != NULL)
        {
          g_string_replace (text, typo[0], typo[1], 1);
          wanted--;
        }
    }
}

static KzAttachment *
attachment_new (const char *filename,
                const char *mime_type,
                GRand      *rand)
{
  KzAttachment *a = g_new0 (KzAttachment, 1);

  a->filename = g_strdup (filename);
  a->mime_type = g_strdup (mime_type);
  /* Photos are big, PDFs and screenshots smaller. */
  a->size = g_str_has_prefix (mime_type, "image/jpeg") ? g_rand_int_range (rand, 400000, 2600000)
                                                        : g_rand_int_range (rand, 40000, 420000);
  return a;
}

static KzEmailMessage *
message_new (const char     *message_id,
             const char     *from_name,
             const char     *from_address,
             const char     *to_name,
             const char     *to_address,
             const char     *cc_name,
             const char     *cc_address,
             const char     *subject,
             gint64          date)
{
  KzEmailMessage *m = g_new0 (KzEmailMessage, 1);
  g_autoptr(GStrvBuilder) addresses = g_strv_builder_new ();

  m->message_id = g_strdup (message_id);
  m->from = g_strdup_printf ("%s <%s>", from_name, from_address);
  m->from_address = g_ascii_strdown (from_address, -1);
  m->to = g_strdup_printf ("%s <%s>", to_name, to_address);
  m->cc = cc_address ? g_strdup_printf ("%s <%s>", cc_name, cc_address) : NULL;
  const char *listed[] = { from_address, to_address, cc_address };

  for (guint i = 0; i < G_N_ELEMENTS (listed) && listed[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (listed[i], -1);
      g_strv_builder_add (addresses, lower);
    }
  m->addresses = g_strv_builder_end (addresses);
  m->date = g_date_time_new_from_unix_utc (date);
  m->subject = g_strdup (subject);
  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
  return m;
}

/* Links @m into the thread after the messages in @thread. */
static void
thread_link (KzEmailMessage *m,
             GPtrArray      *thread)
{
  g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();

  for (guint i = 0; i < thread->len; i++)
    g_strv_builder_add (refs, ((KzEmailMessage *) g_ptr_array_index (thread, i))->message_id);
  m->references = g_strv_builder_end (refs);
  if (thread->len > 0)
    m->in_reply_to = g_strdup (((KzEmailMessage *) g_ptr_array_index (thread, thread->len - 1))->message_id);
}

static gboolean
add_thread (KzStore         *store,
            DemoPlan        *plan,
            guint            index,
            const DemoAgent *agent,
            gint64           end,
            GRand           *rand,
            guint           *n_messages,
            GError         **error)
{
  const EmailTopic *topic = &email_topics[plan->topic];
  const EmailCase *c = &topic->cases[plan->email_case];
  gboolean curt = weak_on (agent, "empathy");
  gboolean generic = weak_on (agent, "personalised");
  gboolean sloppy = weak_on (agent, "spelling-grammar");
  gboolean no_next_step = weak_on (agent, "next-steps");
  gboolean incomplete = weak_on (agent, "complete") || weak_on (agent, "all-requests-found");
  gboolean slow = weak_on (agent, "response-time");
  g_autoptr(GPtrArray) thread = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autofree char *agent_slug = slug (agent->name);
  g_autofree char *agent_first = g_strndup (agent->name, strcspn (agent->name, " "));
  g_autofree char *agent_address = g_strdup_printf (g_rand_double (rand) < 0.8 ? "%s@support.northwind-energy.example"
                                                                               : "%s@northwind-energy.example",
                                                    agent_slug);
  g_autofree char *reply_subject = g_strconcat ("Re: ", plan->subject, NULL);
  g_autofree char *cc_name = NULL;
  g_autofree char *cc_address = NULL;
  g_autofree char *signature = NULL;
  Tokens t = { 0 };
  gint64 delays[5] = { 0 };
  gint64 total = 0, at;
  guint n = 2;
  gboolean unresolved = FALSE;
  guint amount = g_rand_int_range (rand, 6000, 32000), amount2;
  gboolean ok;

  t.first = g_strdup (customer_first[plan->first]);
  t.full = g_strdup_printf ("%s %s", customer_first[plan->first], customer_last[plan->last]);
  {
    g_autofree char *name = g_strdup_printf ("%s.%s", customer_first[plan->first], customer_last[plan->last]);
    g_autofree char *ascii = g_ascii_strdown (name, -1);

    t.email = g_strdup_printf ("%s@%s", ascii, customer_domains[plan->domain]);
  }
  t.acct = g_strdup_printf ("ACC-%06u", plan->account);
  t.amount = money (amount);
  amount2 = amount * g_rand_int_range (rand, 45, 75) / 100;
  t.amount2 = money (amount2);
  t.offer = money (amount2 + (amount - amount2) / 3);
  t.amount3 = money (g_rand_int_range (rand, 900, 4500));
  t.day = day_month (plan->started_at - g_rand_int_range (rand, 2, 13) * 86400);
  t.when = day_month (plan->started_at + g_rand_int_range (rand, 5, 21) * 86400);
  t.reading = g_strdup_printf ("%05u", g_rand_int_range (rand, 10000, 99999));
  t.address = PICK (rand, new_addresses);
  t.agent = g_strdup (agent_first);
  signature = g_strdup_printf ("-- \n%s\n%s team, Northwind Energy\n0330 100 2040 · northwind-energy.example",
                               agent->name, teams[agent->team].team);
  if (g_rand_double (rand) < 0.1)
    {
      /* A partner copied in. */
      const char *partner = PICK (rand, customer_first);
      g_autofree char *ascii = g_ascii_strdown (partner, -1);
      g_autofree char *last = g_ascii_strdown (customer_last[plan->last], -1);

      cc_name = g_strdup_printf ("%s %s", partner, customer_last[plan->last]);
      cc_address = g_strdup_printf ("%s.%s@%s", ascii, last, customer_domains[plan->domain]);
    }

  /* How long the thread runs: a reply, maybe a follow-up and a second
   * reply, maybe a thank-you.  Incomplete answers bring follow-ups. */
  if (g_rand_double (rand) < (incomplete ? 0.75 : 0.45))
    {
      n = g_rand_double (rand) < 0.7 ? 4 : 3;
      if (n == 4 && g_rand_double (rand) < 0.35)
        n = 5;
      unresolved = g_rand_double (rand) < (incomplete ? 0.8 : 0.25);
    }
  delays[1] = slow ? g_rand_int_range (rand, 20 * 3600, 72 * 3600) : g_rand_int_range (rand, 20 * 60, 20 * 3600);
  delays[2] = g_rand_int_range (rand, 30 * 60, 30 * 3600);
  delays[3] = slow ? g_rand_int_range (rand, 12 * 3600, 48 * 3600) : g_rand_int_range (rand, 15 * 60, 8 * 3600);
  delays[4] = g_rand_int_range (rand, 10 * 60, 6 * 3600);
  for (guint k = 1; k < n; k++)
    total += delays[k];
  /* Threads end by the demo's last day: squeeze them when they would not. */
  if (plan->started_at + total > end && end > plan->started_at)
    for (guint k = 1; k < n; k++)
      delays[k] = MAX (60, delays[k] * (end - plan->started_at) / total);
  at = plan->started_at;

  for (guint k = 0; k < n; k++)
    {
      gboolean from_agent = k % 2 == 1;
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *message_id = NULL;
      KzEmailMessage *previous = k > 0 ? g_ptr_array_index (thread, k - 1) : NULL;
      KzEmailMessage *m;

      at += delays[k];
      if (k == 0)
        message_id = g_strdup (plan->message_id);
      else if (from_agent)
        message_id = g_strdup_printf ("reply-%u.%u.%08x@mail.northwind-energy.example", index, k, g_rand_int (rand));
      else
        message_id = g_strdup_printf ("demo-%u.%u.%08x@%s", index, k, g_rand_int (rand),
                                      customer_domains[plan->domain]);

      if (k == 0)
        {
          const char *ask = c->ask[c->ask[1] != NULL && g_rand_boolean (rand) ? 1 : 0];

          m = message_new (message_id, t.full, t.email, "Northwind Energy", "help@northwind-energy.example",
                           cc_name, cc_address, plan->subject, at);
          if (g_rand_double (rand) < 0.15)
            {
              /* Written on a phone: no greeting, no signature. */
              append_filled (body, ask, &t);
              g_string_append_printf (body, "\n\n%s\n\nSent from my phone", t.first);
            }
          else
            {
              g_string_append_printf (body, "%s\n\n", PICK (rand, customer_greetings));
              append_filled (body, ask, &t);
              if (g_rand_double (rand) < 0.75)
                g_string_append_printf (body, " %s", PICK (rand, customer_requests));
              g_string_append_printf (body, "\n\n%s\n%s", PICK (rand, customer_signoffs), t.full);
              if (g_rand_double (rand) < 0.6)
                g_string_append_printf (body, "\nAccount number: %s", t.acct);
            }
          if (topic->customer_file != NULL && g_rand_double (rand) < 0.3)
            g_ptr_array_add (m->attachments, attachment_new (topic->customer_file, topic->customer_type, rand));
        }
      else if (from_agent)
        {
          g_autoptr(GString) own = g_string_new (NULL);

          m = message_new (message_id, agent->name, agent_address, t.full, t.email, cc_name, cc_address,
                           reply_subject, at);
          if (curt)
            g_string_append (own, "Hi,\n\n");
          else if (generic)
            g_string_append (own, "Dear Customer,\n\n");
          else
            g_string_append_printf (own, "%s %s,\n\n", g_rand_boolean (rand) ? "Dear" : "Hi", t.first);
          if (!curt)
            g_string_append_printf (own, "%s\n\n", k == 1 ? PICK (rand, agent_empathy) : PICK (rand, agent_again));
          append_filled (own, k == 1 ? c->answer : c->second[unresolved], &t);
          if (k == 1 && !no_next_step)
            {
              g_string_append (own, "\n\n");
              append_filled (own, PICK (rand, topic->next_step), &t);
            }
          if (!curt)
            g_string_append_printf (own, "\n\n%s", PICK (rand, agent_closings));
          if (curt)
            g_string_append_printf (own, "\n\nRegards\n%s", agent_first);
          else
            g_string_append_printf (own, "\n\n%s\n%s", PICK (rand, agent_signoffs), agent_first);
          if (sloppy)
            misspell (own, rand);
          g_string_append_printf (body, "%s\n\n%s", own->str, signature);
          if (k == 1 && topic->agent_file != NULL && g_rand_double (rand) < 0.25)
            g_ptr_array_add (m->attachments, attachment_new (topic->agent_file, topic->agent_type, rand));
        }
      else
        {
          m = message_new (message_id, t.full, t.email, agent->name, agent_address, cc_name, cc_address,
                           reply_subject, at);
          g_string_append_printf (body, "Hi %s,\n\n", agent_first);
          append_filled (body, k == 2 ? c->follow_up[unresolved] : PICK (rand, customer_thanks), &t);
          g_string_append_printf (body, "\n\n%s", t.first);
        }

      if (previous != NULL)
        append_quote (body, previous);
      m->body = g_string_free (g_steal_pointer (&body), FALSE);
      thread_link (m, thread);
      g_ptr_array_add (thread, m);
    }

  /* What the customer got, as they would feel it. */
  plan->flaw = (curt ? 0.15 : 0) + (sloppy ? 0.05 : 0) + (no_next_step ? 0.05 : 0) + (unresolved ? 0.12 : 0) +
               (slow ? 0.05 : 0);
  plan->last_at = at;

  ok = kz_store_add_messages (store, plan->id, (KzEmailMessage * const *) thread->pdata, thread->len, error);
  if (ok)
    *n_messages += thread->len;
  tokens_clear (&t);
  return ok;
}

/* ---- ratings and queues -------------------------------------------------- */

static gboolean
add_rating (KzStore         *store,
            const DemoPlan  *plan,
            const DemoAgent *agent,
            gint64           end,
            GRand           *rand,
            GError         **error)
{
  g_autoptr(KzFeedback) fb = g_new0 (KzFeedback, 1);
  /* Customers notice empathy and whether their problem was solved (the
   * criteria of customer_criteria[]), not the greeting or the case notes:
   * where the reviewer scored those, the rating follows them alone.  Else
   * what the reviewer found overall, else what the agent usually delivers;
   * less what went wrong in this very email or call. */
  double base = plan->has_score && !isnan (plan->care) ? 0.2 + 0.8 * plan->care
              : plan->has_score ? plan->final / 100.0 : agent->ability;
  double q = base - plan->flaw + 0.1 * gauss (rand);
  double x = CLAMP ((q - 0.3) / 0.65, 0.0, 1.0);
  gint64 given = plan->last_at + g_rand_int_range (rand, 10 * 60, 36 * 3600);
  gboolean low, high;

  fb->interaction_id = plan->id;
  fb->scale = plan->channel == KZ_CHANNEL_CALL && g_rand_boolean (rand) ? KZ_FEEDBACK_NPS : KZ_FEEDBACK_CSAT;
  if (fb->scale == KZ_FEEDBACK_CSAT)
    {
      fb->rating = 1 + (gint) (4 * x + 0.5);
      low = fb->rating <= 2;
      high = fb->rating >= 4;
    }
  else
    {
      fb->rating = (gint) (10 * x + 0.5);
      low = fb->rating <= 4;
      high = fb->rating >= 8;
    }
  if (g_rand_double (rand) < 0.55)
    fb->comment = g_strdup (low ? PICK (rand, low_feedback) : high ? PICK (rand, high_feedback)
                                                                   : PICK (rand, mid_feedback));
  fb->given_at = g_date_time_new_from_unix_utc (MIN (given, MAX (end, plan->last_at + 60)));
  return kz_store_set_feedback (store, fb, error);
}

static gboolean
add_content (KzStore      *store,
             GArray       *plans,
             GArray       *agents,
             GArray       *reviewers,
             gint64        end,
             GRand        *rand,
             KzDemoCounts *counts,
             GError      **error)
{
  g_autoptr(GArray) pool = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *queue = g_new0 (guint, reviewers->len);
  guint next = 0;

  for (guint i = 0; i < plans->len; i++)
    {
      DemoPlan *plan = &g_array_index (plans, DemoPlan, i);
      const DemoAgent *agent = &g_array_index (agents, DemoAgent, plan->agent);

      if (plan->channel == KZ_CHANNEL_EMAIL)
        {
          if (!add_thread (store, plan, i, agent, end, rand, &counts->n_messages, error))
            return FALSE;
        }
      else
        {
          const DemoRecording *rec = plan->recording;
          KzCall call = { 0 };

          call.interaction_id = plan->id;
          call.duration_s = rec->duration_s;
          call.direction = rec->direction;
          call.customer_ref = rec->customer_ref;
          call.audio_path = rec->audio_path;
          call.audio_type = rec->audio_type;
          call.transcript = rec->transcript;
          if (!kz_store_add_call (store, &call, error))
            return FALSE;
          counts->n_calls++;
          plan->flaw = rec->problems[0] != NULL ? 0.3 : 0;
          plan->last_at = plan->started_at + rec->duration_s;
        }
    }

  /* The customer's verdict on about a third. */
  for (guint i = 0; i < plans->len; i++)
    {
      const DemoPlan *plan = &g_array_index (plans, DemoPlan, i);

      if (g_rand_double (rand) >= 0.35)
        continue;
      if (!add_rating (store, plan, &g_array_index (agents, DemoAgent, plan->agent), end, rand, error))
        return FALSE;
      counts->n_ratings++;
    }

  /* Queues: each reviewer's own drafts, topped up with interactions nobody
   * has evaluated yet, to between 5 and 15. */
  for (guint i = 0; i < plans->len; i++)
    {
      const DemoPlan *plan = &g_array_index (plans, DemoPlan, i);

      if (!plan->evaluated)
        g_array_append_val (pool, i);
      else if (!plan->submitted)
        {
          if (!kz_store_assign (store, plan->id, g_array_index (reviewers, gint64, plan->reviewer), error))
            return FALSE;
          queue[plan->reviewer]++;
          counts->n_assignments++;
        }
    }
  for (guint i = pool->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint tmp = g_array_index (pool, guint, i - 1);

      g_array_index (pool, guint, i - 1) = g_array_index (pool, guint, j);
      g_array_index (pool, guint, j) = tmp;
    }
  for (guint r = 0; r < reviewers->len; r++)
    {
      guint target = CLAMP ((guint) g_rand_int_range (rand, 7, 12), queue[r], 15);

      for (; queue[r] < target && next < pool->len; queue[r]++, next++)
        {
          const DemoPlan *plan = &g_array_index (plans, DemoPlan, g_array_index (pool, guint, next));

          if (!kz_store_assign (store, plan->id, g_array_index (reviewers, gint64, r), error))
            return FALSE;
          counts->n_assignments++;
        }
    }
  return TRUE;
}

/* ---- staff voice: pulse rounds and ideas -------------------------------- */

/* Who answers, and how: every person in staff (agents and managers by
 * team, reviewers with none), each with a stable mood; teams differ, and
 * the whole centre's mood moves from round to round, so eNPS moves too.
 * Online help answers little: its figures stay under k, and show as
 * suppressed. */
typedef struct {
  gint64 id;
  gint64 team_id;   /* 0: none */
  guint  team;      /* index into teams[], G_N_ELEMENTS (teams) for none */
  double mood;
} DemoVoter;

/* How many answer each round, team by team (the last column: reviewers,
 * who have no team).  Teams have 8 agents, the first three a manager too.
 * Online help and the reviewers are too few to show; in the first and
 * third rounds they are also fewer than k together, so the smallest team
 * shown goes too (the whole round minus the others would give them away);
 * in the second they are 5, and it stays. */
static const guint respondents[4][G_N_ELEMENTS (teams) + 1] = {
  { 8, 7, 8, 6, 3, 1 },
  { 7, 8, 6, 7, 2, 3 },
  { 8, 8, 7, 6, 4, 0 },
  { 4, 3, 5, 3, 1, 2 },   /* the open round, half way */
};
static const double team_mood[] = { 0.3, -0.2, -0.6, 0.4, 0.0, 0.2 };
static const double round_mood[] = { -0.3, 0.4, -0.1, 0.2 };

static const char *survey_comments[] = {
  "The new knowledge base is much easier to search.",
  "Too many back-to-back calls on Mondays; we never get the wrap-up time.",
  "Thanks for the extra coaching sessions, they help.",
  "The softphone drops calls when the VPN reconnects.",
  "I would like more variety: some email work between calls.",
  "Team huddles are useful when they start on time.",
  "Scoring feels fairer since calibration started.",
  "Parking at the office is still a problem on early shifts.",
  "More recognition for the people who take the hard calls, please.",
  "Please fix the rota: I found out about my Saturday shift on Friday.",
};

typedef struct {
  const char   *title;
  const char   *body;
  const char   *category;
  gboolean      anonymous;
  KzIdeaStatus  status;
  const char   *reason;     /* declined */
  const char   *outcome;    /* done */
  double        support;    /* chance that a person votes for it */
  int           duplicate_of;  /* index of the idea it duplicates, or -1 */
} DemoIdea;

static const DemoIdea demo_ideas[] = {
  { "A quiet room for a break after difficult calls",
    "After an abusive call there is nowhere to go for five minutes. A small room with no screens would help.",
    "Wellbeing", TRUE, KZ_IDEA_UNDER_REVIEW, NULL, NULL, 0.35, -1 },
  { "Show the customer's last three contacts on the call screen",
    "Half my calls start with the customer explaining what happened last time. The history is there; show it.",
    "Tools", FALSE, KZ_IDEA_PLANNED, NULL, NULL, 0.4, -1 },
  { "Let agents see their own QA trend",
    "One score at a time tells me little. A trend over the last months would show whether coaching worked.",
    "Monitoring", FALSE, KZ_IDEA_DONE, NULL,
    "Each agent's evaluation list now shows their trend; team leaders walk through it in one-to-ones.", 0.3, -1 },
  { "Swap shifts without going through the team leader",
    "If two of us agree and cover is the same, the rota could just take the swap.",
    "Workload", TRUE, KZ_IDEA_NEW, NULL, NULL, 0.2, -1 },
  { "Open calibration sessions to agents",
    "We would understand the scoring better if we could sit in.",
    "Monitoring", TRUE, KZ_IDEA_DECLINED,
    "Calibration is where reviewers align with each other on real calls, including colleagues' calls. We will "
    "share each session's conclusions in the team huddle instead.", NULL, 0.15, -1 },
  { "A shorter script for booking smart meter installs",
    "The booking script has eleven steps; customers hang up before the last one.",
    "Tools", FALSE, KZ_IDEA_UNDER_REVIEW, NULL, NULL, 0.25, -1 },
  { "A thank-you board for customers' comments",
    "When a customer says thank you in a survey, the agent rarely hears about it.",
    "Recognition", TRUE, KZ_IDEA_DONE, NULL,
    "Customers' thank-you comments are read out in Monday huddles and posted on each team's channel.", 0.3, -1 },
  { "A mentor for every new starter's first month",
    "New starters sit with a different person every day; one mentor would be less confusing.",
    "Growth", FALSE, KZ_IDEA_PLANNED, NULL, NULL, 0.2, -1 },
  { "Somewhere quiet to take breaks",
    "A room away from the floor for a few minutes after a hard call.",
    "Wellbeing", TRUE, KZ_IDEA_NEW, NULL, NULL, 0.2, 0 },
  { "Headsets that work with the new softphone",
    "The old headsets crackle on the new softphone; customers keep asking us to repeat.",
    "Tools", FALSE, KZ_IDEA_NEW, NULL, NULL, 0.25, -1 },
};

static const char *idea_comments[] = {
  "Yes please — especially on the evening shift.",
  "We tried this at my last job and it worked well.",
  "Could this start with one team as a trial?",
  "Agree. It would save a lot of repeated questions.",
};

static int
vote_value (GRand *rand, double mood, double shift, int lo, int hi, double centre, double spread)
{
  double v = centre + spread * (mood + shift) + 0.9 * gauss (rand);

  return CLAMP ((int) floor (v + 0.5), lo, hi);
}

/* Answers @voter gives to @round's questions. */
static GPtrArray *
demo_answers (GRand               *rand,
              GPtrArray           *bank,
              const KzSurveyRound *round,
              const DemoVoter     *voter,
              guint                r)
{
  GPtrArray *answers = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_answer_free);
  double shift = team_mood[voter->team] + round_mood[r % G_N_ELEMENTS (round_mood)];

  for (guint i = 0; round->question_ids[i] != NULL; i++)
    {
      const char *id = round->question_ids[i];
      const KzQuestion *q = NULL;

      for (guint b = 0; b < bank->len && q == NULL; b++)
        if (g_str_equal (((KzQuestion *) g_ptr_array_index (bank, b))->id, id))
          q = g_ptr_array_index (bank, b);
      if (q == NULL)
        continue;
      switch (q->kind)
        {
        case KZ_QUESTION_SCALE_0_10:
          g_ptr_array_add (answers, kz_survey_answer_new_value (id, vote_value (rand, voter->mood, shift, 0, 10,
                                                                                7.4, 1.6)));
          break;
        case KZ_QUESTION_AGREE_1_5:
          g_ptr_array_add (answers, kz_survey_answer_new_value (id, vote_value (rand, voter->mood, shift, 1, 5,
                                                                                3.5, 0.7)));
          break;
        case KZ_QUESTION_FREE_TEXT:
        default:
          if (g_rand_double (rand) < 0.2)
            g_ptr_array_add (answers, kz_survey_answer_new_text (id, survey_comments[g_rand_int_range (rand, 0,
                                                                   G_N_ELEMENTS (survey_comments))]));
          break;
        }
    }
  return answers;
}

static void
date_from_unix (gint64  t,
                GDate  *date)
{
  g_date_clear (date, 1);
  g_date_set_time_t (date, (time_t) t);
}

static gboolean
add_voice (KzStore      *store,
           GArray       *voters,
           gint64        manager_id,
           gint64        end,
           GRand        *rand,
           KzDemoCounts *counts,
           GError      **error)
{
  g_autoptr(KzPulsePlan) plan = kz_pulse_plan_new ();
  g_autoptr(GPtrArray) bank = NULL;
  g_autoptr(GPtrArray) idea_ids = g_ptr_array_new_with_free_func (g_free);
  GDate today, last_day;

  if (!kz_store_seed_question_bank (store, NULL, error) ||
      (bank = kz_store_list_questions (store, error)) == NULL ||
      !kz_store_voice_today (store, &today, error))
    return FALSE;
  date_from_unix (end, &last_day);

  plan->name = g_strdup (_("Fortnightly pulse"));
  plan->cadence_days = 14;
  plan->questions_per_round = 4;
  plan->k = 5;
  if (kz_store_add_pulse_plan (store, plan, error) <= 0)
    return FALSE;

  /* Three closed rounds, a fortnight each, the last ending on the demo's
   * last day; then one open today.  A past round takes its answers while
   * open and is then closed on its real day, as a manager closing early. */
  for (guint r = 0; r < 4; r++)
    {
      g_autoptr(KzSurveyRound) round = kz_survey_round_new ();
      gboolean past = r < 3;
      GDate closes;

      round->plan_id = plan->id;
      if (past)
        {
          closes = last_day;
          g_date_subtract_days (&closes, 14 * (2 - r));
          round->opens_on = closes;
          g_date_subtract_days (&round->opens_on, 11);
          round->closes_on = g_date_compare (&today, &closes) > 0 ? today : closes;
        }
      else
        {
          round->opens_on = today;
          g_date_subtract_days (&round->opens_on, 3);
          round->closes_on = today;
          g_date_add_days (&round->closes_on, 10);
        }
      if (g_date_compare (&round->opens_on, &today) > 0)
        round->opens_on = today;
      if (kz_store_create_round (store, round, error) <= 0)
        return FALSE;
      counts->n_survey_rounds++;

      for (guint t = 0; t <= G_N_ELEMENTS (teams); t++)
        {
          g_autoptr(GPtrArray) members = g_ptr_array_new ();

          for (guint v = 0; v < voters->len; v++)
            if (g_array_index (voters, DemoVoter, v).team == t)
              g_ptr_array_add (members, &g_array_index (voters, DemoVoter, v));
          /* Who of the team answers: the first few of a shuffle. */
          for (guint i = 0; i < members->len && i < respondents[r][t]; i++)
            {
              guint pick = g_rand_int_range (rand, i, members->len);
              DemoVoter *voter = g_ptr_array_index (members, pick);
              g_autoptr(GPtrArray) answers = NULL;

              members->pdata[pick] = members->pdata[i];
              members->pdata[i] = voter;
              answers = demo_answers (rand, bank, round, voter, r);
              if (!kz_store_submit_answers (store, round->id, voter->id, answers, error))
                return FALSE;
              counts->n_survey_answers += answers->len;
            }
        }
      if (past && g_date_compare (&round->closes_on, &closes) != 0)
        {
          round->closes_on = closes;
          if (!kz_store_update_round (store, round, error))
            return FALSE;
        }
    }

  /* The ideas board: every status, some anonymous, votes, comments, a
   * manager's reply, one duplicate merged. */
  for (guint i = 0; i < G_N_ELEMENTS (demo_ideas); i++)
    {
      const DemoIdea *d = &demo_ideas[i];
      g_autoptr(KzIdea) idea = kz_idea_new ();
      g_autofree char *token = d->anonymous ? kz_voice_new_token () : NULL;
      DemoVoter *author = &g_array_index (voters, DemoVoter, g_rand_int_range (rand, 0, voters->len));
      gint64 back = g_rand_int_range (rand, 14, 84);
      char *id;

      idea->title = g_strdup (d->title);
      idea->body = g_strdup (d->body);
      idea->category = g_strdup (d->category);
      idea->author_id = d->anonymous ? 0 : author->id;
      idea->week = last_day;
      g_date_subtract_days (&idea->week, back);
      id = kz_store_submit_idea (store, idea, token, error);
      if (id == NULL)
        return FALSE;
      g_ptr_array_add (idea_ids, id);
      counts->n_ideas++;

      for (guint v = 0; v < voters->len; v++)
        {
          DemoVoter *voter = &g_array_index (voters, DemoVoter, v);

          if (g_rand_double (rand) < d->support &&
              !kz_store_vote_idea (store, id, voter->id, error))
            return FALSE;
        }

      /* A comment or two in the weeks after. */
      for (guint c = 0, n = g_rand_int_range (rand, 0, 3); c < n; c++)
        {
          DemoVoter *who = &g_array_index (voters, DemoVoter, g_rand_int_range (rand, 0, voters->len));
          GDate week = idea->week;
          g_autofree char *comment = NULL;

          g_date_add_days (&week, 7 * (c + 1));
          if (g_date_compare (&week, &last_day) > 0)
            week = last_day;
          comment = kz_store_comment_idea (store, id, g_rand_boolean (rand) ? who->id : 0,
                                           idea_comments[g_rand_int_range (rand, 0, G_N_ELEMENTS (idea_comments))],
                                           NULL, &week, error);
          if (comment == NULL)
            return FALSE;
        }

      if (i == 0)
        {
          GDate week = idea->week;
          g_autofree char *reply = NULL;
          g_autofree char *follow_up = NULL;

          g_date_add_days (&week, 7);
          reply = kz_store_reply_idea (store, id, manager_id,
                                       "Thank you — facilities are pricing a room on the second floor. We will "
                                       "post the decision here.", &week, error);
          /* Its anonymous author follows up, under the idea's pseudonym. */
          g_date_add_days (&week, 7);
          follow_up = reply ? kz_store_comment_idea (store, id, 0, "Thanks. Could it have a door that locks?",
                                                     token, &week, error) : NULL;
          if (follow_up == NULL)
            return FALSE;
        }

      /* new → under review → planned → done, or declined. */
      {
        static const KzIdeaStatus path[] = { KZ_IDEA_UNDER_REVIEW, KZ_IDEA_PLANNED, KZ_IDEA_DONE };

        if (d->status == KZ_IDEA_DECLINED)
          {
            g_autofree char *reply = kz_store_reply_idea (store, id, manager_id, d->reason, NULL, error);

            if (reply == NULL || !kz_store_move_idea (store, id, KZ_IDEA_DECLINED, d->reason, NULL, error))
              return FALSE;
          }
        else
          for (guint s = 0; s < G_N_ELEMENTS (path) && path[s] <= d->status && d->status != KZ_IDEA_NEW; s++)
            if (!kz_store_move_idea (store, id, path[s], NULL, path[s] == KZ_IDEA_DONE ? d->outcome : NULL, error))
              return FALSE;
      }
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo_ideas); i++)
    if (demo_ideas[i].duplicate_of >= 0 &&
        !kz_store_merge_idea (store, g_ptr_array_index (idea_ids, i),
                              g_ptr_array_index (idea_ids, demo_ideas[i].duplicate_of), manager_id, error))
      return FALSE;
  return TRUE;
}

/* ---- agents answer back, reviewers agree ---------------------------------- */
/* From a stream of its own, drawn last, over what is stored by then: every
 * seed keeps the people, interactions, evaluations and voice it had. */

static const char *ack_comments[] = {
  "Thanks, makes sense.",
  "Fair — I'll work on the summary at the end.",
  "Seen. Could we go through the second point at my one-to-one?",
};

static const char *dispute_reasons[] = {
  "I did confirm this — it's about two thirds of the way through.",
  "The customer asked me not to repeat it; I followed the vulnerable-customer guidance.",
  "This was covered in my second reply, not the first.",
};

/* The scale point @steps away from @value (clamped), or NULL. */
static const KzScalePoint *
point_beside (const KzCriterion *c,
              double             value,
              int                steps)
{
  GPtrArray *points = c->scale->points;

  for (guint i = 0; i < points->len; i++)
    if (fabs (((KzScalePoint *) g_ptr_array_index (points, i))->value - value) < 1e-9)
      {
        int j = CLAMP ((int) i + steps, 0, (int) points->len - 1);

        return j == (int) i ? NULL : g_ptr_array_index (points, j);
      }
  return NULL;
}

static GDateTime *
at_unix (gint64 t)
{
  return g_date_time_new_from_unix_utc (t);
}

/* Fisher–Yates over @ids with @rand. */
static void
shuffle_ids (GArray *ids,
             GRand  *rand)
{
  for (guint i = ids->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gint64 t = g_array_index (ids, gint64, i - 1);

      g_array_index (ids, gint64, i - 1) = g_array_index (ids, gint64, j);
      g_array_index (ids, gint64, j) = t;
    }
}

/* Criteria of @ev answered with a value below the scale's top, rubric order. */
static GPtrArray *
raisable_criteria (KzRubric     *rubric,
                   KzEvaluation *ev)
{
  GPtrArray *out = g_ptr_array_new ();
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  for (guint s = 0; s < sections->len; s++)
    {
      KzSection *section = g_ptr_array_index (sections, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          const KzAnswer *a = kz_answer_set_get (ev->answers, criterion->id);

          if (a != NULL && a->kind == KZ_ANSWER_VALUE && point_beside (criterion, a->value, 1) != NULL)
            g_ptr_array_add (out, criterion);
        }
    }
  return out;
}

static gboolean
add_dispute (KzStore      *store,
             gint64        evaluation_id,
             gboolean      change,
             GRand        *rand,
             KzDemoCounts *counts,
             GError      **error)
{
  g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (store, evaluation_id, error);
  g_autoptr(KzRubric) rubric = NULL;
  g_autoptr(GPtrArray) criteria = NULL;
  g_autoptr(KzDispute) dispute = kz_dispute_new ();
  g_autoptr(GPtrArray) resolutions = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_resolution_free);
  g_autoptr(GDateTime) resolved_at = NULL;
  guint n = change ? 2 : 1;

  if (ev == NULL || (rubric = kz_store_get_rubric (store, ev->rubric_id, ev->rubric_version, error)) == NULL)
    return FALSE;
  criteria = raisable_criteria (rubric, ev);
  if (criteria->len < n)
    return TRUE;   /* nothing to dispute here: the caller takes another */

  dispute->evaluation_id = ev->id;
  dispute->raised_by = ev->agent_id;
  dispute->reason = g_strdup (PICK (rand, dispute_reasons));
  dispute->raised_at = g_date_time_add_seconds (ev->submitted_at, g_rand_int_range (rand, 4 * 3600, 30 * 3600));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (dispute->items,
                     kz_dispute_item_new (((KzCriterion *) g_ptr_array_index (criteria, criteria->len - n + i))->id,
                                          NULL));
  if (kz_store_raise_dispute (store, dispute, error) == 0)
    return FALSE;
  counts->n_disputes++;

  for (guint i = 0; i < dispute->items->len; i++)
    {
      KzDisputeItem *item = g_ptr_array_index (dispute->items, i);
      KzCriterion *c = kz_rubric_find_criterion (rubric, item->criterion_id);

      if (change && i == 0)
        {
          const KzScalePoint *up = point_beside (c, kz_answer_set_get (ev->answers, c->id)->value, 1);

          g_ptr_array_add (resolutions,
                           kz_dispute_resolution_new (c->id, KZ_RESOLUTION_CHANGED,
                                                      kz_answer_new (c->id, KZ_ANSWER_VALUE, up->value, NULL),
                                                      "Agreed on listening again: it is there. Score raised."));
        }
      else
        g_ptr_array_add (resolutions,
                         kz_dispute_resolution_new (c->id, KZ_RESOLUTION_UPHELD, NULL,
                                                    "Listened again with the team leader: the score stands, "
                                                    "see the guidance for this criterion."));
    }
  resolved_at = g_date_time_add_seconds (dispute->raised_at, g_rand_int_range (rand, 3 * 3600, 40 * 3600));
  return kz_store_resolve_dispute (store, dispute, ev->reviewer_id, resolutions, resolved_at, error);
}

/* One reviewer's blind scoring of an interaction: the stored review's
 * answers, each a point off now and then. */
static gboolean
add_calibration_evaluation (KzStore        *store,
                            KzRubric       *rubric,
                            KzEvaluation   *base,
                            gint64          session_id,
                            gint64          reviewer_id,
                            gint64          at,
                            GRand          *rand,
                            KzDemoCounts   *counts,
                            GError        **error)
{
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (base->answers), (GCompareFunc) g_strcmp0);

  ev->is_calibration = TRUE;
  ev->calibration_session_id = session_id;
  ev->interaction_id = base->interaction_id;
  ev->agent_id = base->agent_id;
  ev->reviewer_id = reviewer_id;
  ev->rubric_id = g_strdup (base->rubric_id);
  ev->rubric_version = base->rubric_version;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->created_at = at_unix (at);
  ev->updated_at = g_date_time_ref (ev->created_at);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const KzAnswer *a = kz_answer_set_get (base->answers, l->data);
      KzCriterion *c = kz_rubric_find_criterion (rubric, a->criterion_id);
      double value = a->value;

      if (a->kind == KZ_ANSWER_VALUE && g_rand_double (rand) < 0.25)
        {
          const KzScalePoint *p = point_beside (c, value, g_rand_boolean (rand) ? 1 : -1);

          if (p != NULL)
            value = p->value;
        }
      kz_answer_set_put (ev->answers, kz_answer_new (a->criterion_id, a->kind, value, NULL));
    }
  if (kz_store_save_evaluation (store, ev, error) == 0)
    return FALSE;
  counts->n_calibration_evaluations++;
  return TRUE;
}

static gint64
add_session (KzStore        *store,
             KzRubric       *rubric,
             const char     *title,
             gint64          created,
             GArray         *people,
             GPtrArray      *bases,
             guint           first,
             guint           n,
             KzDemoCounts   *counts,
             GError        **error)
{
  g_autoptr(KzCalibrationSession) session = kz_calibration_session_new ();

  session->title = g_strdup (title);
  session->rubric_id = g_strdup (kz_rubric_get_id (rubric));
  session->rubric_version = kz_rubric_get_version (rubric);
  session->lead_id = g_array_index (people, gint64, 0);
  session->created_at = at_unix (created);
  g_array_append_vals (session->reviewer_ids, people->data, people->len);
  for (guint i = first; i < first + n; i++)
    g_array_append_val (session->interaction_ids, ((KzEvaluation *) g_ptr_array_index (bases, i))->interaction_id);
  if (kz_store_create_calibration (store, session, error) == 0)
    return 0;
  counts->n_calibration_sessions++;
  return session->id;
}

static gboolean
add_history (KzStore      *store,
             GArray       *reviewers,
             gint64        end,
             GRand        *rand,
             KzDemoCounts *counts,
             GError      **error)
{
  g_autoptr(GDateTime) from = at_unix (end - 90 * 86400);
  g_autoptr(GDateTime) to = at_unix (end - 6 * 86400);
  KzEvaluationFilter filter = { .submitted_only = TRUE, .from = from, .to = to };
  g_autoptr(GPtrArray) list = kz_store_list_evaluations (store, &filter, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) people = g_array_copy (reviewers);
  g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_free);
  g_autoptr(KzRubric) rubric = NULL;
  guint next = 0;

  if (list == NULL)
    return FALSE;
  for (guint i = list->len; i-- > 0;)
    {
      KzEvaluationSummary *s = g_ptr_array_index (list, i);

      if (s->has_score && s->interaction_id > 0)
        g_array_append_val (ids, s->id);
    }
  shuffle_ids (ids, rand);

  /* Acknowledged, some with a word. */
  for (guint k = 0; k < 8 && next < ids->len; k++, next++)
    {
      g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (store, g_array_index (ids, gint64, next), error);
      g_autoptr(GDateTime) at = NULL;

      if (ev == NULL)
        return FALSE;
      at = g_date_time_add_seconds (ev->submitted_at, g_rand_int_range (rand, 2 * 3600, 40 * 3600));
      if (!kz_store_acknowledge (store, ev->id, ev->agent_id, g_rand_double (rand) < 0.5 ? PICK (rand, ack_comments) : NULL,
                                 at, error))
        return FALSE;
      counts->n_acknowledgements++;
    }

  /* Disputed: one upheld, one changed. */
  for (guint want = 0; want < 2 && next < ids->len; next++)
    {
      guint before = counts->n_disputes;

      if (!add_dispute (store, g_array_index (ids, gint64, next), want == 1, rand, counts, error))
        return FALSE;
      want += counts->n_disputes > before;
    }

  /* Calibration: five reviewed interactions of the rubric seen most. */
  {
    g_autoptr(GHashTable) per_rubric = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    const char *best = NULL;
    guint best_n = 0;

    for (guint i = next; i < ids->len; i++)
      {
        KzEvaluationSummary *s = NULL;
        char *key;
        guint n;

        for (guint k = 0; s == NULL && k < list->len; k++)
          if (((KzEvaluationSummary *) g_ptr_array_index (list, k))->id == g_array_index (ids, gint64, i))
            s = g_ptr_array_index (list, k);
        key = g_strdup_printf ("%s\n%d", s->rubric_id, s->rubric_version);
        n = GPOINTER_TO_UINT (g_hash_table_lookup (per_rubric, key)) + 1;
        g_hash_table_replace (per_rubric, key, GUINT_TO_POINTER (n));
        if (n > best_n || (n == best_n && g_strcmp0 (key, best) < 0))
          {
            best = key;
            best_n = n;
          }
      }
    for (guint i = next; best != NULL && i < ids->len && bases->len < 5; i++)
      {
        g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (store, g_array_index (ids, gint64, i), error);
        g_autofree char *key = NULL;

        if (ev == NULL)
          return FALSE;
        key = g_strdup_printf ("%s\n%d", ev->rubric_id, ev->rubric_version);
        if (g_str_equal (key, best))
          g_ptr_array_add (bases, g_steal_pointer (&ev));
      }
  }
  if (bases->len < 5 || people->len < 4)
    return TRUE;
  rubric = kz_store_get_rubric (store, ((KzEvaluation *) g_ptr_array_index (bases, 0))->rubric_id,
                                ((KzEvaluation *) g_ptr_array_index (bases, 0))->rubric_version, error);
  if (rubric == NULL)
    return FALSE;
  shuffle_ids (people, rand);

  {
    gint64 created = end - 20 * 86400;
    g_autofree char *title = g_strdup_printf ("%s calibration, November", kz_rubric_get_title (rubric));
    g_autoptr(GArray) three = g_array_new (FALSE, FALSE, sizeof (gint64));
    gint64 session;

    g_array_append_vals (three, people->data, 3);
    if ((session = add_session (store, rubric, title, created, three, bases, 0, 3, counts, error)) == 0)
      return FALSE;
    for (guint u = 0; u < 3; u++)
      for (guint r = 0; r < 3; r++)
        if (!add_calibration_evaluation (store, rubric, g_ptr_array_index (bases, u), session,
                                         g_array_index (three, gint64, r),
                                         created + g_rand_int_range (rand, 3600, 48 * 3600), rand, counts, error))
          return FALSE;
    {
      g_autoptr(GDateTime) closed = at_unix (created + 4 * 86400);

      if (!kz_store_close_calibration (store, session, g_array_index (three, gint64, 0), closed, error))
        return FALSE;
    }
  }
  {
    gint64 created = end - 2 * 86400;
    g_autofree char *title = g_strdup_printf ("%s calibration, this week", kz_rubric_get_title (rubric));
    g_autoptr(GArray) two = g_array_new (FALSE, FALSE, sizeof (gint64));
    gint64 session;

    g_array_append_val (two, g_array_index (people, gint64, 1));
    g_array_append_val (two, g_array_index (people, gint64, 3));
    if ((session = add_session (store, rubric, title, created, two, bases, 3, 2, counts, error)) == 0)
      return FALSE;
    /* Still open: the lead has scored both, the other reviewer one. */
    for (guint u = 3; u < 5; u++)
      if (!add_calibration_evaluation (store, rubric, g_ptr_array_index (bases, u), session,
                                       g_array_index (two, gint64, 0), created + g_rand_int_range (rand, 3600, 20 * 3600),
                                       rand, counts, error))
        return FALSE;
    if (!add_calibration_evaluation (store, rubric, g_ptr_array_index (bases, 3), session,
                                     g_array_index (two, gint64, 1), created + g_rand_int_range (rand, 3600, 20 * 3600),
                                     rand, counts, error))
      return FALSE;
  }
  return TRUE;
}

/* The demo organisation's CX principles and personas, which the shipped
 * rubrics link to by id (principles="…", personas="…"). */
static const struct {
  const char *id, *title, *description;
} demo_principles[] = {
  { "own-the-problem", N_("Own the problem"),
    N_("Whoever the customer reaches takes it to the end: no “that’s another team”, and a promised call back "
       "happens.") },
  { "make-it-effortless", N_("Make it effortless"),
    N_("The customer does as little as possible: no repeating themselves, no jargon, nothing left for them to "
       "chase.") },
  { "get-it-right", N_("Get it right first time"),
    N_("Find out what is really wrong and fix that, correctly, the first time they get in touch.") },
  { "treat-me-as-a-person", N_("Treat me as a person"),
    N_("Listen, use their name, notice how they are and respond to that — not to a script.") },
  { "keep-me-safe", N_("Keep me safe"),
    N_("Their money, their data and their rights are protected every time, even when it slows us down.") },
};

static const struct {
  const char *id, *name, *situation, *goals, *channel;
  int comfort;
} demo_personas[] = {
  { "sam-busy-parent", N_("Sam, the busy parent"),
    N_("Calls on a lunch break with children at home; one chance to sort it before the school run."),
    N_("One call, no hold music, a clear answer or a time they will hear back."), "call", 3 },
  { "ivy-new-to-online", N_("Ivy, new to online banking"),
    N_("Seventy-four, moved to the app after her branch closed; worried about pressing the wrong thing."),
    N_("Plain steps, patience, and to be able to do it herself next time."), "call", 1 },
  { "dev-power-user", N_("Dev, the power user"),
    N_("Runs a small business from the app and the website; writes in with the reference and the error "
       "already found."),
    N_("A precise, complete answer in writing, fast, without being walked through basics."), "email", 5 },
  { "rose-difficult-time", N_("Rose, going through a difficult time"),
    N_("Recently bereaved and handling a joint account alone; may be upset or lose track on the call."),
    N_("To be heard, to have the right support offered, and never to have to tell it twice."), "call", 2 },
};

static gboolean
add_cx_library (KzStore       *store,
                KzDemoCounts  *counts,
                GError       **error)
{
  g_autoptr(GPtrArray) principles = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_principle_free);
  g_autoptr(GPtrArray) personas = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_persona_free);

  for (guint i = 0; i < G_N_ELEMENTS (demo_principles); i++)
    g_ptr_array_add (principles, kz_principle_new (demo_principles[i].id, _(demo_principles[i].title),
                                                   _(demo_principles[i].description)));
  for (guint i = 0; i < G_N_ELEMENTS (demo_personas); i++)
    {
      KzPersona *p = kz_persona_new (demo_personas[i].id, _(demo_personas[i].name));

      p->situation = g_strdup (_(demo_personas[i].situation));
      p->goals = g_strdup (_(demo_personas[i].goals));
      g_free (p->channel);
      p->channel = g_strdup (demo_personas[i].channel);
      p->tech_comfort = demo_personas[i].comfort;
      g_ptr_array_add (personas, p);
    }
  if (!kz_store_save_principles (store, principles, FALSE, error) ||
      !kz_store_save_personas (store, personas, FALSE, error))
    return FALSE;
  counts->n_principles = principles->len;
  counts->n_personas = personas->len;
  return TRUE;
}

/* ---- coaching: catalog, rules, sessions, training, assignments ----------- */

/* Who is coached and who is compared, decided from the agents alone (with
 * the coaching stream) before any evaluation is drawn. */
typedef struct {
  KzRubric *rubric;        /* COACHED_RUBRIC; NULL: no coaching story (other rubrics) */
  gint64    at;            /* the first session, Unix time */
  GArray   *coached;       /* guint: indexes into the agents */
  GArray   *compared;      /* guint: comparable agents, not coached */
} DemoCoaching;

static void
demo_coaching_clear (DemoCoaching *self)
{
  g_clear_pointer (&self->coached, g_array_unref);
  g_clear_pointer (&self->compared, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoCoaching, demo_coaching_clear)

static GDateTime *
london (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/London");

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

/* How the coaching story's agents do on the coached criterion at @t
 * (Unix time): weak like the weakest before, much better once coached. */
static double
lift_shift (const DemoAgent    *agent,
            gint64              t,
            const DemoCoaching *coaching)
{
  return agent->coached && t >= coaching->at ? -0.12 : -0.35;
}

static void
choose_coaching (GPtrArray    *rubrics,
                 GArray       *agents,
                 GRand        *rand,
                 DemoCoaching *out)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GDateTime) day = london (2026, 10, 1, 10, 0);

  out->coached = g_array_new (FALSE, FALSE, sizeof (guint));
  out->compared = g_array_new (FALSE, FALSE, sizeof (guint));
  out->at = g_date_time_to_unix (day);
  for (guint i = 0; i < rubrics->len; i++)
    if (g_str_equal (kz_rubric_get_id (g_ptr_array_index (rubrics, i)), COACHED_RUBRIC))
      out->rubric = g_ptr_array_index (rubrics, i);
  if (out->rubric == NULL)
    return;

  /* The phone teams' agents in a shuffled order: the weak on empathy
   * first, coached and compared alternately, then (when a seed has too
   * few) the others. */
  for (guint i = 0; i < agents->len; i++)
    if (g_array_index (agents, DemoAgent, i).team != 4)
      g_array_append_val (order, i);
  for (guint i = order->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint t = g_array_index (order, guint, i - 1);

      g_array_index (order, guint, i - 1) = g_array_index (order, guint, j);
      g_array_index (order, guint, j) = t;
    }
  for (int pass = 0; pass < 2; pass++)
    for (guint k = 0; k < order->len; k++)
      {
        guint a = g_array_index (order, guint, k);
        DemoAgent *agent = &g_array_index (agents, DemoAgent, a);

        if (weak_on (agent, COACHED_CRITERION) != (pass == 0))
          continue;
        if (out->coached->len < N_COACHED && out->coached->len <= out->compared->len)
          {
            agent->coached = TRUE;
            g_array_append_val (out->coached, a);
          }
        else if (out->compared->len < N_COMPARED)
          {
            agent->compared = TRUE;
            g_array_append_val (out->compared, a);
          }
      }
}

/* Five more reviewed calls in the 30 days before the coaching day and
 * five in the 30 days starting a week after it, for each coached and
 * compared agent: enough for statistics.md's windows (≥ 3 in each).
 * Appended to @plans so that add_content() gives them recordings and
 * ratings.  @evidence gets, per coached agent (in order), the ids of
 * two of their evaluations before the coaching day. */
static gboolean
add_coaching_evaluations (KzStore            *store,
                          const DemoCoaching *coaching,
                          GArray             *agents,
                          GArray             *reviewers,
                          GArray             *reviewer_leniency,
                          GPtrArray          *recordings,
                          GArray             *plans,
                          GArray             *evidence,
                          GRand              *rand,
                          KzDemoCounts       *counts,
                          GError            **error)
{
  guint serial = 0;

  for (guint g = 0; g < 2; g++)
    {
      GArray *group = g == 0 ? coaching->coached : coaching->compared;

      for (guint k = 0; k < group->len; k++)
        {
          guint a = g_array_index (group, guint, k);
          DemoAgent *agent = &g_array_index (agents, DemoAgent, a);

          for (guint e = 0; e < 10; e++)
            {
              gboolean post = e >= 5;
              /* Pre: days −29 … −3; post: +8 … +34, office hours. */
              gint64 day = post ? g_rand_int_range (rand, 8, 35) : -g_rand_int_range (rand, 3, 30);
              gint64 started = coaching->at + day * 86400 + g_rand_int_range (rand, -2 * 3600, 6 * 3600);
              g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
              g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (started);
              KzInteraction it = { 0 };
              DemoPlan plan = { .care = NAN };
              guint r = g_rand_int_range (rand, 0, reviewers->len);
              gint64 reviewed_at = started + g_rand_int_range (rand, 3600, 36 * 3600);
              gint64 id, eval_id;

              plan.agent = a;
              plan.channel = KZ_CHANNEL_CALL;
              plan.started_at = started;
              plan.first = g_rand_int_range (rand, 0, G_N_ELEMENTS (customer_first));
              plan.last = g_rand_int_range (rand, 0, G_N_ELEMENTS (customer_last));
              plan.domain = g_rand_int_range (rand, 0, G_N_ELEMENTS (customer_domains));
              plan.account = g_rand_int_range (rand, 100000, 1000000);
              plan.recording = pick_recording (recordings, agent, rand);
              plan.subject = plan.recording->topic;
              it.channel = KZ_CHANNEL_CALL;
              it.agent_id = agent->id;
              it.started_at = when;
              it.subject = (char *) plan.subject;
              it.external_ref = g_strdup_printf ("CALL-%06u", 100000 + N_INTERACTIONS + serial++);
              id = kz_store_add_interaction (store, &it, error);
              g_free (it.external_ref);
              if (id == 0)
                return FALSE;
              counts->n_interactions++;
              plan.id = id;

              ev->interaction_id = id;
              ev->rubric_id = g_strdup (kz_rubric_get_id (coaching->rubric));
              ev->rubric_version = kz_rubric_get_version (coaching->rubric);
              ev->reviewer_id = g_array_index (reviewers, gint64, r);
              ev->agent_id = agent->id;
              ev->state = KZ_EVALUATION_SUBMITTED;
              ev->created_at = g_date_time_new_from_unix_utc (reviewed_at);
              ev->updated_at = g_date_time_ref (ev->created_at);
              make_answers (rand, coaching->rubric, agent, g_array_index (reviewer_leniency, double, r), TRUE,
                            rand, lift_shift (agent, started, coaching), ev->answers);
              eval_id = kz_store_save_evaluation (store, ev, error);
              if (eval_id == 0)
                return FALSE;
              counts->n_evaluations++;
              if (g == 0 && (e == 3 || e == 4))
                g_array_append_val (evidence, eval_id);

              plan.evaluated = TRUE;
              plan.submitted = TRUE;
              plan.reviewer = r;
              plan.has_score = ev->has_score;
              plan.final = ev->final;
              plan.care = customer_care (coaching->rubric, ev->answers);
              g_array_append_val (plans, plan);
            }
        }
    }
  return TRUE;
}

static KzCatalogItem *
catalog_item (KzCatalogKind kind,
              const char   *title,
              const char   *external_id,
              const char   *link,
              int           size,
              const char   *rubric_id,
              const char   *criterion_id,
              const char   *criterion_id2)
{
  KzCatalogItem *item = kz_catalog_item_new (kind, title);

  item->external_id = g_strdup (external_id);
  if (kind == KZ_CATALOG_ELEARNING)
    {
      item->link = g_strdup (link);
      item->minutes = size;
    }
  else
    item->capacity = size;
  g_ptr_array_add (item->criteria, kz_criterion_ref_new (rubric_id, criterion_id));
  if (criterion_id2 != NULL)
    g_ptr_array_add (item->criteria, kz_criterion_ref_new (rubric_id, criterion_id2));
  return item;
}

/* A plan as the demo stores it: its uid from the seed, its times given
 * (kz_store_copy_plan()), so the same seed gives the same rows. */
static gboolean
store_plan (KzStore    *store,
            KzPlan     *plan,
            guint32     seed,
            guint       n,
            GDateTime  *created,
            GError    **error)
{
  g_free (plan->uid);
  plan->uid = g_strdup_printf ("demo-%08x-%02u@northwind-energy.example", seed, n);
  g_clear_pointer (&plan->created_at, g_date_time_unref);
  plan->created_at = g_date_time_ref (created);
  if (plan->updated_at == NULL)
    plan->updated_at = g_date_time_ref (created);
  return kz_store_copy_plan (store, plan, error) > 0;
}

static gboolean
add_coaching (KzStore            *store,
              const DemoCoaching *coaching,
              GArray             *agents,
              GArray             *reviewers,
              GArray             *evidence,
              guint32             seed,
              gint64              end,
              KzDemoCounts       *counts,
              GError            **error)
{
  static const char *commitments[] = {
    "I'll name what the problem means for the customer before I start fixing it.",
    "Fewer scripted phrases; I'll say back what I heard.",
    "I'll slow down when someone is upset, and check they are OK with the next step.",
    "I'll listen to one of my own calls a week with Helen's checklist.",
    "I'll ask how the problem is affecting them, not just what it is.",
  };
  g_autoptr(KzCatalogItem) el_phone = NULL;
  g_autoptr(KzCatalogItem) el_email = NULL;
  g_autoptr(KzCatalogItem) el_spelling = NULL;
  g_autoptr(KzCatalogItem) course = NULL;
  g_autoptr(KzCatalogItem) course2 = NULL;
  g_autoptr(KzCoachingRule) rule1 = kz_coaching_rule_new ();
  g_autoptr(KzCoachingRule) rule2 = kz_coaching_rule_new ();
  g_autoptr(GDateTime) end_time = g_date_time_new_from_unix_utc (end);
  gint64 coach_id = g_array_index (reviewers, gint64, 0);
  guint n_plan = 0;

  el_phone = catalog_item (KZ_CATALOG_ELEARNING, "Acknowledge, then act: empathy on the phone", "NW-EL-101",
                           "https://learn.northwind-energy.example/courses/empathy-phone", 25,
                           COACHED_RUBRIC, COACHED_CRITERION, NULL);
  el_email = catalog_item (KZ_CATALOG_ELEARNING, "Emails that sound like a person", "NW-EL-102",
                           "https://learn.northwind-energy.example/courses/email-tone", 20,
                           "email-support", "empathy", "personalised");
  el_spelling = catalog_item (KZ_CATALOG_ELEARNING, "Spelling and grammar refresher", "NW-EL-103",
                              "https://learn.northwind-energy.example/courses/spelling", 15,
                              "email-support", "spelling-grammar", NULL);
  course = catalog_item (KZ_CATALOG_COURSE, "Empathy in practice", "NW-CR-201", NULL, 12,
                         COACHED_RUBRIC, COACHED_CRITERION, "tone-pace");
  course2 = catalog_item (KZ_CATALOG_COURSE, "Getting it right first time", "NW-CR-202", NULL, 10,
                          COACHED_RUBRIC, "correct-solution", NULL);
  {
    KzCatalogItem *items[] = { el_phone, el_email, el_spelling, course, course2 };

    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      if (kz_store_save_catalog_item (store, items[i], error) == 0)
        return FALSE;
  }

  /* Two rules a manager set up: empathy on the phone below 60 over six
   * weeks → the empathy eLearning; two failed spelling answers in a row →
   * the refresher. */
  rule1->rubric_id = g_strdup (COACHED_RUBRIC);
  rule1->criterion_id = g_strdup (COACHED_CRITERION);
  rule1->condition = KZ_RULE_MEAN_BELOW;
  rule1->threshold = 60;
  rule1->days = 42;
  rule1->catalog_item_id = el_phone->id;
  rule1->cooldown_weeks = 6;
  rule1->sla_days = 14;
  rule1->active = TRUE;
  rule2->rubric_id = g_strdup ("email-support");
  rule2->criterion_id = g_strdup ("spelling-grammar");
  rule2->condition = KZ_RULE_LAST_N_FAILED;
  rule2->n = 2;
  rule2->catalog_item_id = el_spelling->id;
  rule2->cooldown_weeks = 8;
  rule2->sla_days = 21;
  rule2->active = TRUE;
  if (kz_store_save_rule (store, rule1, error) == 0 || kz_store_save_rule (store, rule2, error) == 0)
    return FALSE;

  /* The coaching sessions: one morning and afternoon of 1:1s, all done,
   * each with the agent's two latest pre-coaching calls as evidence. */
  for (guint k = 0; k < coaching->coached->len; k++)
    {
      const DemoAgent *agent = &g_array_index (agents, DemoAgent, g_array_index (coaching->coached, guint, k));
      g_autofree char *title = g_strdup_printf ("Empathy on the phone — %s", agent->name);
      g_autoptr(KzPlan) plan = kz_plan_new (KZ_PLAN_COACHING, title);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (coaching->at + (k < 3 ? k : k + 1) * 3600);
      g_autoptr(GDateTime) done = g_date_time_add_minutes (start, 45);
      g_autoptr(GDateTime) created = g_date_time_add_days (start, -6);
      KzActionItem *item;

      plan->state = KZ_PLAN_DONE;
      plan->agent_id = agent->id;
      plan->coach_id = coach_id;
      g_ptr_array_add (plan->criteria, kz_criterion_ref_new (COACHED_RUBRIC, COACHED_CRITERION));
      if (evidence->len >= 2 * (k + 1))
        g_array_append_vals (plan->evidence, &g_array_index (evidence, gint64, 2 * k), 2);
      plan->agenda = g_strdup ("1. Listen to the two calls together\n"
                               "2. Where did the customer say how the problem affects them?\n"
                               "3. Practise naming it back in your own words\n"
                               "4. Agree one habit for the next month");
      plan->shared_notes = g_strdup ("Both calls solved the problem but skipped how it felt for the customer. "
                                     "We practised acknowledging the impact before moving to the fix.");
      plan->private_notes = g_strdup ("Open to feedback. Check again at the follow-up.");
      item = kz_action_item_new ("Acknowledge the impact on the customer in your own words on every call",
                                 agent->id);
      g_date_set_time_t (&item->due, coaching->at + 14 * 86400);
      item->done = TRUE;
      g_ptr_array_add (plan->action_items, item);
      item = kz_action_item_new ("Review one recorded call together in two weeks", coach_id);
      g_date_set_time_t (&item->due, coaching->at + 14 * 86400);
      item->done = TRUE;
      g_ptr_array_add (plan->action_items, item);
      plan->acknowledged_at = g_date_time_add_hours (done, 2);
      plan->commitment = g_strdup (commitments[k % G_N_ELEMENTS (commitments)]);
      plan->starts_at = g_date_time_ref (start);
      plan->tzid = g_strdup ("Europe/London");
      plan->duration_minutes = 45;
      g_date_set_time_t (&plan->follow_up, coaching->at + 28 * 86400);
      plan->completed_at = g_date_time_ref (done);
      plan->updated_at = g_date_time_ref (plan->acknowledged_at);
      plan->sequence = 2;
      if (!store_plan (store, plan, seed, n_plan++, created, error))
        return FALSE;
      counts->n_plans++;
    }

  /* Weekly group training in the coming weeks, for the comparable agents
   * who were not coached; Christmas week dropped. */
  {
    g_autoptr(KzPlan) plan = kz_plan_new (KZ_PLAN_TRAINING, "Empathy in practice");
    g_autoptr(GDateTime) created = g_date_time_add_days (end_time, -3);

    plan->catalog_item_id = course->id;
    plan->coach_id = coach_id;
    g_ptr_array_add (plan->criteria, kz_criterion_ref_new (COACHED_RUBRIC, COACHED_CRITERION));
    plan->agenda = g_strdup ("Role play on real calls; one habit at a time.");
    plan->starts_at = london (2026, 11, 24, 14, 0);
    plan->tzid = g_strdup ("Europe/London");
    plan->duration_minutes = 90;
    plan->place = g_strdup ("Training room 2, Leeds");
    plan->recurrence.freq = KZ_FREQ_WEEKLY;
    plan->recurrence.interval = 1;
    plan->recurrence.count = 8;
    g_ptr_array_add (plan->recurrence.exdates, london (2026, 12, 22, 14, 0));
    for (guint k = 0; k < coaching->compared->len; k++)
      {
        KzAttendee *a = g_new0 (KzAttendee, 1);

        a->person_id = g_array_index (agents, DemoAgent, g_array_index (coaching->compared, guint, k)).id;
        g_ptr_array_add (plan->attendees, a);
      }
    if (!store_plan (store, plan, seed, n_plan++, created, error))
      return FALSE;
    counts->n_plans++;
  }

  /* Two eLearning assignments for Online help: one overdue, one due in
   * the new year. */
  {
    guint made = 0;

    for (guint i = 0; i < agents->len && made < 2; i++)
      {
        const DemoAgent *agent = &g_array_index (agents, DemoAgent, i);
        const KzCatalogItem *item = made == 0 ? el_spelling : el_email;
        g_autofree char *title = NULL;
        g_autoptr(KzPlan) plan = NULL;
        g_autoptr(GDateTime) created = NULL;

        if (agent->team != 4)
          continue;
        title = g_strdup_printf ("%s — %s", item->title, agent->name);
        plan = kz_plan_new (KZ_PLAN_ELEARNING, title);
        plan->agent_id = agent->id;
        plan->catalog_item_id = item->id;
        for (guint c = 0; c < item->criteria->len; c++)
          g_ptr_array_add (plan->criteria, kz_criterion_ref_copy (item->criteria->pdata[c]));
        if (made == 0)
          {
            g_date_set_dmy (&plan->due, 13, G_DATE_NOVEMBER, 2026);
            created = g_date_time_new_utc (2026, 10, 30, 9, 30, 0);
          }
        else
          {
            g_date_set_dmy (&plan->due, 15, G_DATE_JANUARY, 2027);
            created = g_date_time_add_days (end_time, -2);
          }
        if (!store_plan (store, plan, seed, n_plan++, created, error))
          return FALSE;
        counts->n_plans++;
        made++;
      }
  }

  /* The rules run at the demo's last day for the agents compared: those
   * still weak on empathy get a pending proposal for a manager. */
  for (guint k = 0; k < coaching->compared->len; k++)
    {
      gint64 id = g_array_index (agents, DemoAgent, g_array_index (coaching->compared, guint, k)).id;
      g_autoptr(GPtrArray) made = kz_store_run_rules (store, id, end_time, error);

      if (made == NULL)
        return FALSE;
      counts->n_proposals += made->len;
    }
  return TRUE;
}

static gboolean
fill (KzStore      *store,
      GPtrArray    *rubrics,
      GPtrArray    *recordings,
      GRand        *rand,
      GRand        *content_rand,
      GRand        *voice_rand,
      GRand        *history_rand,
      GRand        *coach_rand,
      guint32       seed,
      KzDemoCounts *counts,
      GError      **error)
{
  g_auto(DemoCoaching) coaching = { 0 };
  g_autoptr(GArray) evidence = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDateTime) end = g_date_time_new_utc (2026, 11, 20, 17, 0, 0);
  g_autoptr(GArray) agents = g_array_new (FALSE, TRUE, sizeof (DemoAgent));
  g_autoptr(GArray) reviewers = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) reviewer_leniency = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr(GArray) interactions = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) interaction_agent = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GArray) interaction_channel = g_array_new (FALSE, TRUE, sizeof (KzChannel));
  g_autoptr(GArray) interaction_time = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) interaction_plan = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GArray) plans = g_array_new (FALSE, TRUE, sizeof (DemoPlan));
  g_autoptr(GHashTable) used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) voters = g_array_new (FALSE, TRUE, sizeof (DemoVoter));
  gint64 team_ids[G_N_ELEMENTS (teams)];
  gint64 first_manager = 0;
  gint64 org, site_ids[2];

  g_array_set_clear_func (plans, (GDestroyNotify) demo_plan_clear);
  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind Energy", 0, error);
  if (org == 0)
    return FALSE;
  counts->n_units++;
  for (guint s = 0; s < 2; s++)
    {
      site_ids[s] = kz_store_add_unit (store, KZ_UNIT_SITE, s == 0 ? "Leeds" : "Lisbon", org, error);
      if (site_ids[s] == 0)
        return FALSE;
      counts->n_units++;
    }
  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    {
      guint s = g_str_equal (teams[t].site, "Leeds") ? 0 : 1;

      team_ids[t] = kz_store_add_unit (store, KZ_UNIT_TEAM, teams[t].team, site_ids[s], error);
      if (team_ids[t] == 0)
        return FALSE;
      counts->n_units++;
    }

  for (guint i = 0; i < rubrics->len; i++)
    {
      gboolean added;

      if (!kz_store_add_rubric (store, g_ptr_array_index (rubrics, i), &added, error))
        return FALSE;
      counts->n_rubrics += added;
    }

  if (!add_cx_library (store, counts, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (manager_names) + G_N_ELEMENTS (reviewer_names); i++)
    {
      gboolean is_manager = i < G_N_ELEMENTS (manager_names);
      const char *name = is_manager ? manager_names[i]
                                    : reviewer_names[i - G_N_ELEMENTS (manager_names)];
      g_autoptr(KzPerson) p = kz_person_new (name, is_manager ? KZ_ROLE_MANAGER | KZ_ROLE_STAFF
                                                              : KZ_ROLE_REVIEWER | KZ_ROLE_STAFF);
      g_autofree char *s = slug (name);
      gint64 id;

      if (i == 0)
        p->roles |= KZ_ROLE_ADMIN;
      g_strfreev (p->emails);
      p->emails = g_new0 (char *, 2);
      p->emails[0] = g_strdup_printf ("%s@northwind-energy.example", s);
      if (is_manager)
        p->team_id = team_ids[i % G_N_ELEMENTS (teams)];
      id = kz_store_add_person (store, p, error);
      if (id == 0)
        return FALSE;
      counts->n_people++;
      {
        DemoVoter voter = { id, p->team_id, is_manager ? i % G_N_ELEMENTS (teams) : G_N_ELEMENTS (teams), 0 };

        g_array_append_val (voters, voter);
        if (is_manager && first_manager == 0)
          first_manager = id;
      }
      if (!is_manager)
        {
          double leniency = 0.06 * gauss (rand);
          g_array_append_val (reviewers, id);
          g_array_append_val (reviewer_leniency, leniency);
        }
    }

  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    for (guint k = 0; k < N_AGENTS_PER_TEAM; k++)
      {
        g_autoptr(KzPerson) p = NULL;
        g_autofree char *name = NULL;
        g_autofree char *s = NULL;
        DemoAgent agent = { 0 };

        do
          {
            g_free (name);
            name = g_strdup_printf ("%s %s",
                                    first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                                    last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
          }
        while (g_hash_table_contains (used_names, name));
        agent.name = g_strdup (name);   /* owned by used_names */
        g_hash_table_add (used_names, (char *) agent.name);

        p = kz_person_new (name, KZ_ROLE_AGENT | KZ_ROLE_STAFF);
        s = slug (name);
        g_strfreev (p->emails);
        p->emails = g_new0 (char *, 3);
        p->emails[0] = g_strdup_printf ("%s@northwind-energy.example", s);
        p->emails[1] = g_strdup_printf ("%s@support.northwind-energy.example", s);
        p->team_id = team_ids[t];

        agent.id = kz_store_add_person (store, p, error);
        if (agent.id == 0)
          return FALSE;
        counts->n_people++;
        agent.team = t;
        agent.ability = CLAMP (0.79 + 0.09 * gauss (rand), 0.45, 0.97);
        agent.weak_hash = g_rand_int (rand);
        g_array_append_val (agents, agent);
        {
          DemoVoter voter = { agent.id, team_ids[t], t, 0 };

          g_array_append_val (voters, voter);
        }
      }

  /* From the coaching stream only, so nothing drawn from @rand changes. */
  choose_coaching (rubrics, agents, coach_rand, &coaching);

  for (guint i = 0; i < N_INTERACTIONS; i++)
    {
      guint a = g_rand_int_range (rand, 0, agents->len);
      DemoAgent *agent = &g_array_index (agents, DemoAgent, a);
      /* Online help is mostly email; everyone else mostly phone. */
      gboolean email = g_rand_double (rand) < (agent->team == 4 ? 0.8 : 0.3);
      gint64 back = g_rand_int_range (rand, 0, 120 * 24 * 60) * 60;
      g_autoptr(GDateTime) when = g_date_time_add_seconds (end, -(double) back);
      KzInteraction it = { 0 };
      DemoPlan plan = { .care = NAN };
      guint32 ref_salt;
      gint64 id;
      gint64 unix_time;

      it.channel = email ? KZ_CHANNEL_EMAIL : KZ_CHANNEL_CALL;
      it.agent_id = agent->id;
      it.started_at = when;
      /* Subjects were once drawn here from a list per team; the draw
       * stays so that every seed keeps its people, dates and evaluations.
       * The subject is now the email's own or the recorded call's. */
      (void) g_rand_int_range (rand, 0, 6);
      ref_salt = email ? g_rand_int (rand) : 0;

      plan.agent = a;
      plan.channel = it.channel;
      plan.started_at = g_date_time_to_unix (when);
      plan.first = g_rand_int_range (content_rand, 0, G_N_ELEMENTS (customer_first));
      plan.last = g_rand_int_range (content_rand, 0, G_N_ELEMENTS (customer_last));
      plan.domain = g_rand_int_range (content_rand, 0, G_N_ELEMENTS (customer_domains));
      plan.account = g_rand_int_range (content_rand, 100000, 1000000);
      if (email)
        {
          plan_email (&plan, agent, content_rand);
          /* As kz-email.c stores it: the thread's first Message-ID, no <>. */
          plan.message_id = g_strdup_printf ("demo-%u.%08x@%s", i, ref_salt, customer_domains[plan.domain]);
          it.external_ref = g_strdup (plan.message_id);
        }
      else
        {
          plan.recording = pick_recording (recordings, agent, content_rand);
          plan.subject = plan.recording->topic;
          it.external_ref = g_strdup_printf ("CALL-%06u", 100000 + i);
        }
      it.subject = (char *) plan.subject;
      id = kz_store_add_interaction (store, &it, error);
      g_free (it.external_ref);
      if (id == 0)
        {
          demo_plan_clear (&plan);
          return FALSE;
        }
      counts->n_interactions++;
      plan.id = id;
      unix_time = g_date_time_to_unix (when);
      g_array_append_val (interactions, id);
      g_array_append_val (interaction_agent, a);
      g_array_append_val (interaction_channel, it.channel);
      g_array_append_val (interaction_time, unix_time);
      g_array_append_val (interaction_plan, i);
      g_array_append_val (plans, plan);
    }

  /* Evaluate a sample of distinct interactions. */
  for (guint i = 0; i < N_EVALUATIONS && i < interactions->len; i++)
    {
      guint pick = g_rand_int_range (rand, i, interactions->len);
      g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
      DemoAgent *agent;
      KzRubric *rubric;
      guint r;
      gboolean draft = g_rand_double (rand) < 0.05;
      gint64 reviewed_at;

      /* Fisher–Yates step: move the pick to position i. */
#define SWAP(arr, type) G_STMT_START { type t_ = g_array_index (arr, type, i); \
        g_array_index (arr, type, i) = g_array_index (arr, type, pick); \
        g_array_index (arr, type, pick) = t_; } G_STMT_END
      SWAP (interactions, gint64);
      SWAP (interaction_agent, guint);
      SWAP (interaction_channel, KzChannel);
      SWAP (interaction_time, gint64);
      SWAP (interaction_plan, guint);
#undef SWAP

      agent = &g_array_index (agents, DemoAgent, g_array_index (interaction_agent, guint, i));
      rubric = rubric_for (rubrics, g_array_index (interaction_channel, KzChannel, i), agent->team, rand);
      r = g_rand_int_range (rand, 0, reviewers->len);
      /* Reviews come hours to days after the call, but never after the
       * demo's last day: late calls are reviewed within what is left. */
      reviewed_at = g_array_index (interaction_time, gint64, i) + g_rand_int_range (rand, 3600, 5 * 86400);
      if (reviewed_at > g_date_time_to_unix (end))
        reviewed_at = g_array_index (interaction_time, gint64, i) +
                      (gint64) ((g_date_time_to_unix (end) - g_array_index (interaction_time, gint64, i)) *
                                g_rand_double (rand));

      ev->interaction_id = g_array_index (interactions, gint64, i);
      ev->rubric_id = g_strdup (kz_rubric_get_id (rubric));
      ev->rubric_version = kz_rubric_get_version (rubric);
      ev->reviewer_id = g_array_index (reviewers, gint64, r);
      ev->agent_id = agent->id;
      ev->state = draft ? KZ_EVALUATION_DRAFT : KZ_EVALUATION_SUBMITTED;
      ev->created_at = g_date_time_new_from_unix_utc (reviewed_at);
      ev->updated_at = g_date_time_ref (ev->created_at);
      make_answers (rand, rubric, agent, g_array_index (reviewer_leniency, double, r), !draft,
                    (agent->coached || agent->compared) && rubric == coaching.rubric ? coach_rand : NULL,
                    lift_shift (agent, g_array_index (interaction_time, gint64, i), &coaching), ev->answers);

      if (kz_store_save_evaluation (store, ev, error) == 0)
        return FALSE;
      counts->n_evaluations++;

      {
        DemoPlan *plan = &g_array_index (plans, DemoPlan, g_array_index (interaction_plan, guint, i));

        plan->evaluated = TRUE;
        plan->submitted = !draft;
        plan->reviewer = r;
        plan->has_score = ev->has_score && !draft;
        plan->final = ev->final;
        plan->care = customer_care (rubric, ev->answers);
      }
    }

  if (coaching.rubric != NULL &&
      !add_coaching_evaluations (store, &coaching, agents, reviewers, reviewer_leniency, recordings, plans,
                                 evidence, coach_rand, counts, error))
    return FALSE;

  if (!add_content (store, plans, agents, reviewers, g_date_time_to_unix (end), content_rand, counts, error))
    return FALSE;

  if (coaching.rubric != NULL &&
      !add_coaching (store, &coaching, agents, reviewers, evidence, seed, g_date_time_to_unix (end), counts, error))
    return FALSE;

  /* Moods from the voice stream only, so nothing above changed. */
  for (guint v = 0; v < voters->len; v++)
    g_array_index (voters, DemoVoter, v).mood = gauss (voice_rand);
  return add_voice (store, voters, first_manager, g_date_time_to_unix (end), voice_rand, counts, error) &&
         add_history (store, reviewers, g_date_time_to_unix (end), history_rand, counts, error);
}

gboolean
kz_demo_fill (KzStore      *store,
              const char   *rubrics_dir,
              guint32       seed,
              KzDemoCounts *counts,
              GError      **error)
{
  g_autoptr(GPtrArray) rubrics = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GRand) content_rand = NULL;
  g_autoptr(GRand) voice_rand = NULL;
  g_autoptr(GRand) history_rand = NULL;
  g_autoptr(GRand) coach_rand = NULL;
  const guint32 coach_seed[] = { seed, 0x636f6163 /* "coac" */ };
  const guint32 content_seed[] = { seed, 0x636f6e74 /* "cont" */ };
  const guint32 voice_seed[] = { seed, 0x766f6963 /* "voic" */ };
  const guint32 history_seed[] = { seed, 0x68697374 /* "hist" */ };
  KzDemoCounts local_counts = { 0 };
  gint64 n;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);

  n = kz_store_count (store, KZ_RECORD_PEOPLE, error);
  if (n < 0)
    return FALSE;
  if (n > 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                   _("The database already has people in it; demo data goes only into an empty database"));
      return FALSE;
    }

  rubrics = load_rubrics (rubrics_dir ? rubrics_dir : kz_demo_rubrics_dir (), error);
  if (rubrics == NULL)
    return FALSE;
  recordings = load_recordings (kz_demo_calls_dir (), error);
  if (recordings == NULL)
    return FALSE;

  rand = g_rand_new_with_seed (seed);
  /* A stream of its own for the content, so the rest stays as it was. */
  content_rand = g_rand_new_with_seed_array (content_seed, G_N_ELEMENTS (content_seed));
  /* And one for staff voice, drawn from last. */
  voice_rand = g_rand_new_with_seed_array (voice_seed, G_N_ELEMENTS (voice_seed));
  /* And one for acknowledgements, disputes and calibration, drawn last. */
  history_rand = g_rand_new_with_seed_array (history_seed, G_N_ELEMENTS (history_seed));
  /* And one for the coaching story: who is coached, how they improve. */
  coach_rand = g_rand_new_with_seed_array (coach_seed, G_N_ELEMENTS (coach_seed));

  if (!kz_store_begin (store, error))
    return FALSE;
  if (!fill (store, rubrics, recordings, rand, content_rand, voice_rand, history_rand, coach_rand, seed,
             &local_counts, error))
    {
      kz_store_rollback (store);
      return FALSE;
    }
  if (!kz_store_commit (store, error))
    return FALSE;

  if (counts != NULL)
    *counts = local_counts;
  return TRUE;
}
