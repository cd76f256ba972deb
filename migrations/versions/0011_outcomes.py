"""Outcomes: goals, milestones and weekly progress; "what we achieved"; program surveys and their answers.

Revision ID: 0011_outcomes
Revises: 0009_sessions
"""

import sqlalchemy as sa
from alembic import op

import mentorship.models.base

revision = "0011_outcomes"
down_revision = "0009_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outcome_surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('moment', sa.String(length=16), nullable=False),
    sa.Column('created_at', mentorship.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("moment IN ('start', 'midpoint', 'end', 'after_session')", name=op.f('ck_outcome_surveys_moment')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_outcome_surveys_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_surveys'))
    )
    with op.batch_alter_table('outcome_surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_surveys_program_id'), ['program_id'], unique=False)

    op.create_table('outcome_achievements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('written_at', mentorship.models.base.UTCDateTime(), nullable=False),
    sa.Column('weeks', sa.Integer(), nullable=False),
    sa.Column('weeks_completed', sa.Integer(), nullable=False),
    sa.Column('sessions_held', sa.Integer(), nullable=False),
    sa.Column('goals', sa.JSON(), nullable=False),
    sa.Column('share_token', sa.String(length=64), nullable=True),
    sa.Column('shared_by_id', sa.Integer(), nullable=True),
    sa.Column('shared_at', mentorship.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], name=op.f('fk_outcome_achievements_mentorship_id_mentorships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shared_by_id'], ['users.id'], name=op.f('fk_outcome_achievements_shared_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_achievements')),
    sa.UniqueConstraint('mentorship_id', name=op.f('uq_outcome_achievements_mentorship_id')),
    sa.UniqueConstraint('share_token', name=op.f('uq_outcome_achievements_share_token'))
    )
    op.create_table('outcome_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('success', sa.Text(), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', mentorship.models.base.UTCDateTime(), nullable=False),
    sa.Column('done_at', mentorship.models.base.UTCDateTime(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'confirmed', 'done')", name=op.f('ck_outcome_goals_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_outcome_goals_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], name=op.f('fk_outcome_goals_mentorship_id_mentorships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_outcome_goals_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_goals'))
    )
    with op.batch_alter_table('outcome_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_goals_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_goals_owner_id'), ['owner_id'], unique=False)

    op.create_table('outcome_survey_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('occasion', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', mentorship.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('invite', 'reminder')", name=op.f('ck_outcome_survey_deliveries_kind')),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], name=op.f('fk_outcome_survey_deliveries_mentorship_id_mentorships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['outcome_surveys.id'], name=op.f('fk_outcome_survey_deliveries_survey_id_outcome_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outcome_survey_deliveries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_survey_deliveries')),
    sa.UniqueConstraint('survey_id', 'user_id', 'occasion', 'kind', name=op.f('uq_outcome_survey_deliveries_survey_id_user_id_occasion_kind'))
    )
    with op.batch_alter_table('outcome_survey_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_survey_deliveries_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_survey_deliveries_user_id'), ['user_id'], unique=False)

    op.create_table('outcome_survey_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('measure', sa.String(length=40), nullable=False),
    sa.Column('admins_read', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('rating', 'single', 'multiple', 'text', 'nps')", name=op.f('ck_outcome_survey_questions_kind')),
    sa.ForeignKeyConstraint(['survey_id'], ['outcome_surveys.id'], name=op.f('fk_outcome_survey_questions_survey_id_outcome_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_survey_questions'))
    )
    with op.batch_alter_table('outcome_survey_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_survey_questions_survey_id'), ['survey_id'], unique=False)

    op.create_table('outcome_survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('occasion', sa.Integer(), nullable=False),
    sa.Column('show_name', sa.Boolean(), nullable=False),
    sa.Column('created_at', mentorship.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', mentorship.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorships.id'], name=op.f('fk_outcome_survey_responses_mentorship_id_mentorships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['outcome_surveys.id'], name=op.f('fk_outcome_survey_responses_survey_id_outcome_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outcome_survey_responses_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_survey_responses')),
    sa.UniqueConstraint('survey_id', 'user_id', 'occasion', name=op.f('uq_outcome_survey_responses_survey_id_user_id_occasion'))
    )
    with op.batch_alter_table('outcome_survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_survey_responses_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_survey_responses_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_survey_responses_user_id'), ['user_id'], unique=False)

    op.create_table('outcome_achievement_words',
    sa.Column('achievement_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('on_link', sa.Boolean(), nullable=False),
    sa.Column('updated_at', mentorship.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['outcome_achievements.id'], name=op.f('fk_outcome_achievement_words_achievement_id_outcome_achievements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outcome_achievement_words_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('achievement_id', 'user_id', name=op.f('pk_outcome_achievement_words'))
    )
    op.create_table('outcome_goal_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('updated_at', mentorship.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('level BETWEEN 0 AND 3', name=op.f('ck_outcome_goal_progress_level_range')),
    sa.ForeignKeyConstraint(['goal_id'], ['outcome_goals.id'], name=op.f('fk_outcome_goal_progress_goal_id_outcome_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outcome_goal_progress_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_goal_progress')),
    sa.UniqueConstraint('goal_id', 'user_id', 'week', name=op.f('uq_outcome_goal_progress_goal_id_user_id_week'))
    )
    with op.batch_alter_table('outcome_goal_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_goal_progress_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_goal_progress_user_id'), ['user_id'], unique=False)

    op.create_table('outcome_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', mentorship.models.base.UTCDateTime(), nullable=False),
    sa.Column('done_at', mentorship.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['goal_id'], ['outcome_goals.id'], name=op.f('fk_outcome_milestones_goal_id_outcome_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_milestones'))
    )
    with op.batch_alter_table('outcome_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_milestones_goal_id'), ['goal_id'], unique=False)

    op.create_table('outcome_survey_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['outcome_survey_questions.id'], name=op.f('fk_outcome_survey_answers_question_id_outcome_survey_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['outcome_survey_responses.id'], name=op.f('fk_outcome_survey_answers_response_id_outcome_survey_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_survey_answers')),
    sa.UniqueConstraint('response_id', 'question_id', name=op.f('uq_outcome_survey_answers_response_id_question_id'))
    )
    with op.batch_alter_table('outcome_survey_answers', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_survey_answers_question', ['question_id', 'number'], unique=False)


def downgrade():
    op.drop_table('outcome_survey_answers')
    op.drop_table('outcome_milestones')
    op.drop_table('outcome_goal_progress')
    op.drop_table('outcome_achievement_words')
    op.drop_table('outcome_survey_responses')
    op.drop_table('outcome_survey_questions')
    op.drop_table('outcome_survey_deliveries')
    op.drop_table('outcome_goals')
    op.drop_table('outcome_achievements')
    op.drop_table('outcome_surveys')
