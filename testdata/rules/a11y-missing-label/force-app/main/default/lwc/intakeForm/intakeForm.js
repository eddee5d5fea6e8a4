import { LightningElement } from 'lwc';

export default class IntakeForm extends LightningElement {}
